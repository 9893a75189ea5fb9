package dev.redlens.lettuce.spi;

/**
 * A Lettuce command sent on behalf of a project ({@code redlens.project.id}): implemented by a
 * command wrapper (a {@code io.lettuce.core.protocol.CommandWrapper}) that an integration puts
 * around the caller's command before dispatching it. Redlens's channel handler finds it in the
 * command's wrapper chain and records the command in the scope of the node that serves it, narrowed
 * to this project.
 */
public interface ProjectTagged {

  /** The project id; never null. */
  String redlensProjectId();
}
