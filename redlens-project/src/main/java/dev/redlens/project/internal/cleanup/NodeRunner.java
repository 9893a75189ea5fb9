package dev.redlens.project.internal.cleanup;

import java.util.List;

/**
 * One node's raw commands, as the cleanup sends them: {@code ProjectCleanup} adapts each {@code
 * RedisCommandRunner} to it, so that this package does not depend on the public one (which depends
 * on this one). The methods mean what {@code RedisCommandRunner}'s mean.
 */
public interface NodeRunner {

  /** Sends {@code command} (name first) and returns its reply; throws on an error reply. */
  Object run(List<byte[]> command);

  /**
   * Sends {@code commands} in order on one connection with no other command between them, and
   * returns their replies; throws the first error reply.
   */
  List<Object> runTogether(List<List<byte[]>> commands);
}
