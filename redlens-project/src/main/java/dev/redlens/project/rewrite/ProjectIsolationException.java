package dev.redlens.project.rewrite;

/**
 * A command was refused before it reached the server because it could escape its project's
 * namespace (or touch state that every project shares). The message names the command, the project
 * and the reason.
 */
public final class ProjectIsolationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String command;
  private final String projectId;
  private final String reason;

  public ProjectIsolationException(String command, String projectId, String reason) {
    super("Redlens refused " + command + " for project " + projectId + ": " + reason);
    this.command = command;
    this.projectId = projectId;
    this.reason = reason;
  }

  /**
   * The command as resolved in the catalog ({@code FLUSHDB}, {@code CLIENT LIST}) or as sent when
   * unknown.
   */
  public String command() {
    return command;
  }

  public String projectId() {
    return projectId;
  }

  /** Why the command was refused. */
  public String reason() {
    return reason;
  }
}
