package dev.redlens.core.internal;

import dev.redlens.core.RedlensSemconv;
import dev.redlens.core.instrumentation.CauseChain;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

/**
 * Classifies a failed command: {@code error.type} ({@code connection}, {@code timeout}, {@code
 * cancelled}, {@code command}, {@code _OTHER}) and, for error replies, {@code
 * db.response.status_code}: the Redis error prefix ({@code WRONGTYPE}, {@code OOM}, {@code
 * NOSCRIPT}…).
 *
 * <p>It works on the exception types of the JDK and, by simple name, of the clients (Lettuce's
 * {@code RedisCommandTimeoutException}, {@code RedisConnectionException}, {@code
 * RedisCommandExecutionException}; Jedis's {@code JedisConnectionException}, {@code
 * JedisDataException}…) without depending on them.
 */
public final class ErrorClassification {

  private static final int MAX_PREFIX_LENGTH = 32;

  private final String errorType;
  private final String statusCode;

  private ErrorClassification(String errorType, String statusCode) {
    this.errorType = errorType;
    this.statusCode = statusCode;
  }

  /** The {@code error.type} value. */
  public String errorType() {
    return errorType;
  }

  /** The Redis error prefix for error replies, else null. */
  public String statusCode() {
    return statusCode;
  }

  /** An error reply of the server, e.g. {@code "WRONGTYPE Operation against a key…"}. */
  public static ErrorClassification ofErrorReply(String message) {
    return new ErrorClassification(RedlensSemconv.ERROR_COMMAND, prefixOf(message));
  }

  /** Classifies an exception thrown or delivered instead of a reply. */
  public static ErrorClassification of(Throwable error) {
    // the first failure that says what happened, past the wrappers of futures
    Throwable classified =
        CauseChain.find(
            error, e -> !(CauseChain.isWrapper(e) && e.getCause() != null) && typeOf(e) != null);
    if (classified == null) {
      return new ErrorClassification(RedlensSemconv.ERROR_OTHER, null);
    }
    String type = typeOf(classified);
    return type.equals(RedlensSemconv.ERROR_COMMAND)
        ? ofErrorReply(classified.getMessage())
        : new ErrorClassification(type, null);
  }

  private static String typeOf(Throwable error) {
    if (error instanceof CancellationException || error instanceof InterruptedException) {
      return RedlensSemconv.ERROR_CANCELLED;
    }
    if (error instanceof TimeoutException) {
      return RedlensSemconv.ERROR_TIMEOUT;
    }
    String name = error.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    if (name.contains("timeout")) {
      return RedlensSemconv.ERROR_TIMEOUT;
    }
    if (name.contains("interrupted") || name.contains("cancel")) {
      // Lettuce's RedisCommandInterruptedException: the caller's thread was interrupted while
      // waiting
      return RedlensSemconv.ERROR_CANCELLED;
    }
    if (error instanceof ClosedChannelException
        || error instanceof IOException
        || name.contains("connection")
        || name.contains("closed")) {
      // a SocketTimeoutException is an IOException but was classified as a timeout above
      return hasTimeoutCause(error)
          ? RedlensSemconv.ERROR_TIMEOUT
          : RedlensSemconv.ERROR_CONNECTION;
    }
    if (name.contains("commandexecution")
        || name.contains("dataexception")
        || name.contains("noscript")
        || name.contains("busy")
        || name.contains("loading")
        || name.contains("readonly")
        || name.contains("movedexception")
        || name.contains("askdata")
        || name.contains("accesscontrol")) {
      return RedlensSemconv.ERROR_COMMAND;
    }
    String message = error.getMessage();
    if (error.getCause() == null
        && message != null
        && message.toLowerCase(Locale.ROOT).contains("connect")) {
      // Lettuce fails pending commands with a plain RedisException: "Connection closed",
      // "Connection
      // disconnected", "Currently not connected. Commands are rejected."
      return RedlensSemconv.ERROR_CONNECTION;
    }
    return null;
  }

  private static boolean hasTimeoutCause(Throwable error) {
    return CauseChain.anyMatch(
        error.getCause(),
        cause ->
            cause instanceof TimeoutException
                || cause.getClass().getSimpleName().toLowerCase(Locale.ROOT).contains("timeout"));
  }

  /**
   * The error prefix of a Redis error message: its first word when that word is an upper-case code
   * ({@code [A-Z][A-Z0-9_-]*}, at most 32 characters), else {@code ERR} (Redis itself prefixes
   * code-less errors with {@code ERR}).
   */
  static String prefixOf(String message) {
    if (message == null) {
      return "ERR";
    }
    int start = 0;
    int length = message.length();
    while (start < length && (message.charAt(start) == '-' || message.charAt(start) == ' ')) {
      start++;
    }
    int end = start;
    while (end < length && end - start <= MAX_PREFIX_LENGTH) {
      char c = message.charAt(end);
      boolean valid =
          (c >= 'A' && c <= 'Z')
              || (end > start && ((c >= '0' && c <= '9') || c == '_' || c == '-'));
      if (!valid) {
        break;
      }
      end++;
    }
    boolean wordEnds = end == length || message.charAt(end) == ' ';
    if (end == start || end - start > MAX_PREFIX_LENGTH || !wordEnds) {
      return "ERR";
    }
    return message.substring(start, end);
  }
}
