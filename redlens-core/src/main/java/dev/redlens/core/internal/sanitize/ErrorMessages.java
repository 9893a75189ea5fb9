package dev.redlens.core.internal.sanitize;

/**
 * Error messages as they may appear on a span. Redis quotes the arguments of a command it does not
 * know ({@code ERR unknown command 'foo', with args beginning with: 'secret' …}), so with sanitized
 * query text the quoted arguments are cut off; every message is capped at {@value #MAX_LENGTH}
 * characters.
 */
public final class ErrorMessages {

  static final int MAX_LENGTH = 256;
  private static final String ARGS_MARKER = ", with args beginning with:";

  private ErrorMessages() {}

  /**
   * {@code message} without quoted arguments (when {@code sanitize}) and capped; null stays null.
   */
  public static String forSpan(String message, boolean sanitize) {
    if (message == null) {
      return null;
    }
    String result = message;
    if (sanitize) {
      int marker = result.indexOf(ARGS_MARKER);
      if (marker >= 0) {
        result = result.substring(0, marker) + ", with args beginning with: ?";
      }
    }
    return result.length() > MAX_LENGTH ? result.substring(0, MAX_LENGTH) + "…" : result;
  }
}
