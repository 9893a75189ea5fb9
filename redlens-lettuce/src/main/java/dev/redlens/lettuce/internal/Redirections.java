package dev.redlens.lettuce.internal;

import static dev.redlens.core.RedlensSemconv.REDIRECTION_ASK;
import static dev.redlens.core.RedlensSemconv.REDIRECTION_MOVED;

import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.RedisCommand;

/**
 * Lettuce's cluster command ({@code io.lettuce.core.cluster.ClusterCommand}, package-private): the
 * command as the cluster writes it to a node; on {@code MOVED} or {@code ASK} it does not complete
 * but is written again, to the node the error names. Recognized by class (resolved once; absent in
 * a Lettuce without cluster support, then nothing is a cluster command) and by the error prefixes
 * that Lettuce's own {@code isMoved()}/{@code isAsk()} test.
 */
final class Redirections {

  private static final Class<?> CLUSTER_COMMAND = load();

  private Redirections() {}

  private static Class<?> load() {
    try {
      return Class.forName(
          "io.lettuce.core.cluster.ClusterCommand", false, RedisCommand.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }

  static boolean isClusterCommand(RedisCommand<?, ?, ?> command) {
    return CLUSTER_COMMAND != null && command.getClass() == CLUSTER_COMMAND;
  }

  /**
   * The kind of redirection ({@code moved}, {@code ask}) the cluster command's reply asks for, or
   * null when it is a reply.
   */
  static String of(RedisCommand<?, ?, ?> command) {
    if (!isClusterCommand(command)) {
      return null;
    }
    CommandOutput<?, ?, ?> output = command.getOutput();
    String error = output == null ? null : output.getError();
    if (error == null) {
      return null;
    }
    if (error.startsWith("MOVED")) {
      return REDIRECTION_MOVED;
    }
    return error.startsWith("ASK") ? REDIRECTION_ASK : null;
  }
}
