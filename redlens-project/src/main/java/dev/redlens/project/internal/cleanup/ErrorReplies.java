package dev.redlens.project.internal.cleanup;

import dev.redlens.core.instrumentation.CauseChain;

/**
 * Which cluster error reply a failed command got, looked for in the failure and its causes (each
 * client wraps the reply in exceptions of its own): {@code MOVED} (the node neither serves nor
 * imports the slot), {@code ASK} (the keys moved to the node importing the slot) or {@code
 * TRYAGAIN} (some of them did). The causes are read through core's {@link CauseChain}, so a chain
 * with a cycle or an absurd depth costs a bounded amount of work.
 */
final class ErrorReplies {

  private static final String MOVED = "MOVED ";
  private static final String ASK = "ASK ";
  private static final String TRYAGAIN = "TRYAGAIN";

  /** When a {@code MOVED} reply names no slot. */
  private static final String UNKNOWN_SLOT = "?";

  private ErrorReplies() {}

  /** Whether {@code error} is an {@code ASK} reply. */
  static boolean isAsk(Throwable error) {
    return errorReply(error, ASK) != null;
  }

  /** Whether {@code error} is a {@code TRYAGAIN} reply. */
  static boolean isTryAgain(Throwable error) {
    return errorReply(error, TRYAGAIN) != null;
  }

  /** The slot of a {@code MOVED} error reply ({@code MOVED <slot> <host:port>}), else null. */
  static String movedSlot(Throwable error) {
    String moved = errorReply(error, MOVED);
    if (moved == null) {
      return null;
    }
    String[] parts = moved.split(" ");
    return parts.length > 1 ? parts[1] : UNKNOWN_SLOT;
  }

  /** The message of {@code error} or of a cause that starts with {@code prefix}, else null. */
  private static String errorReply(Throwable error, String prefix) {
    Throwable reply = CauseChain.find(error, e -> startsWith(e.getMessage(), prefix));
    return reply == null ? null : reply.getMessage();
  }

  private static boolean startsWith(String message, String prefix) {
    return message != null && message.startsWith(prefix);
  }
}
