package dev.redlens.service.internal.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

/**
 * Says in the service's own words what went wrong with Redis, from the exception a client threw:
 * the messages of Lettuce and Netty name internal classes ("RedisHandshakeHandler not registered")
 * that mean nothing to a user of the API. The cause chain is walked a bounded number of steps.
 */
public final class RedisFailures {

  private static final int MAX_DEPTH = 16;

  private RedisFailures() {}

  /** Why talking to Redis at {@code where} failed, e.g. "Redis at … did not answer within 5 s". */
  public static String describe(String where, Throwable failure) {
    String auth = authProblem(failure);
    if (auth != null) {
      return "Redis at " + where + " refused the service's credentials (" + auth + ")";
    }
    if (has(failure, RedisCommandTimeoutException.class) || has(failure, TimeoutException.class)) {
      return "Redis at " + where + " did not answer in time";
    }
    if (has(failure, ConnectException.class)) {
      return "cannot connect to Redis at " + where + " (connection refused)";
    }
    if (has(failure, CancellationException.class)) {
      return "the command to Redis at " + where + " was cancelled";
    }
    if (has(failure, ClosedChannelException.class) || mentions(failure, "reset", "closed")) {
      return "the connection to Redis at " + where + " was closed or reset";
    }
    if (has(failure, IOException.class)) {
      return "the connection to Redis at " + where + " failed";
    }
    return "Redis at " + where + " is not available";
  }

  /** The Redis error prefix of a refused login ({@code NOAUTH}, {@code WRONGPASS}), else null. */
  private static String authProblem(Throwable failure) {
    Throwable t = failure;
    for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      for (String prefix : new String[] {"NOAUTH", "WRONGPASS", "NOPERM"}) {
        if (message.startsWith(prefix) || message.contains(" " + prefix + " ")) {
          return prefix;
        }
      }
      if (t instanceof RedisCommandExecutionException && message.contains("invalid password")) {
        return "ERR invalid password";
      }
    }
    return null;
  }

  /** Whether {@code failure} or one of its causes (a bounded walk) is a {@code type}. */
  public static boolean has(Throwable failure, Class<? extends Throwable> type) {
    Throwable t = failure;
    for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static boolean mentions(Throwable failure, String... words) {
    Throwable t = failure;
    for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
      String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      for (String word : words) {
        if (message.contains(word)) {
          return true;
        }
      }
    }
    return false;
  }
}
