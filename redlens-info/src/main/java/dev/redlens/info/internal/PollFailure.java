package dev.redlens.info.internal;

import dev.redlens.core.instrumentation.CauseChain;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * A failed poll, classified for {@code error.type} ({@code timeout}, {@code connection}, {@code
 * auth}, {@code noperm}, {@code loading}, {@code command}, {@code interrupted}, {@code other}) with
 * a one-line message.
 *
 * @param type the class of failure
 * @param message the most telling message of the cause chain
 */
public record PollFailure(String type, String message) {

  /**
   * Classifies {@code error} by walking its cause chain: a server error reply beats the wrapper
   * around it.
   */
  public static PollFailure of(Throwable error) {
    Throwable serverReply = find(error, RedisCommandExecutionException.class);
    if (serverReply != null) {
      return new PollFailure(typeOfReply(serverReply.getMessage()), messageOf(serverReply));
    }
    if (find(error, RedisCommandTimeoutException.class) != null
        || find(error, TimeoutException.class) != null) {
      return new PollFailure("timeout", messageOf(error));
    }
    if (find(error, RedisCommandInterruptedException.class) != null
        || find(error, InterruptedException.class) != null) {
      return new PollFailure("interrupted", messageOf(error));
    }
    if (find(error, RedisConnectionException.class) != null
        || find(error, IOException.class) != null) {
      return new PollFailure("connection", messageOf(deepest(error)));
    }
    return new PollFailure("other", messageOf(error));
  }

  /** {@code "<type>: <message>"}. */
  public String describe() {
    return type + ": " + message;
  }

  private static String typeOfReply(String reply) {
    String prefix = reply == null ? "" : reply.split(" ", 2)[0].toUpperCase(Locale.ROOT);
    return switch (prefix) {
      case "NOPERM" -> "noperm";
      case "NOAUTH", "WRONGPASS" -> "auth";
      case "LOADING" -> "loading";
      default -> reply != null && reply.contains("AUTH") ? "auth" : "command";
    };
  }

  private static Throwable find(Throwable error, Class<? extends Throwable> type) {
    return CauseChain.find(error, type::isInstance);
  }

  private static Throwable deepest(Throwable error) {
    Throwable root = CauseChain.root(error);
    return root.getMessage() == null ? error : root;
  }

  private static String messageOf(Throwable t) {
    String message = t.getMessage();
    if (message == null || message.isBlank()) {
      return t.getClass().getSimpleName();
    }
    return message.replace('\n', ' ').replace('\r', ' ');
  }
}
