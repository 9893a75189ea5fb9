package dev.redlens.jedis.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Recognises pub/sub events in Jedis's raw replies ({@code [kind, channel, …]} with a {@code
 * byte[]} kind), so that a subscribed connection pairs only confirmations with commands: a message
 * answers no command, a {@code subscribe} confirmation answers a {@code SUBSCRIBE}.
 */
final class PubSubEvents {

  private PubSubEvents() {}

  /** Whether a command named {@code name} puts the connection in subscribed mode. */
  static boolean subscribes(String name) {
    return name.equalsIgnoreCase("SUBSCRIBE")
        || name.equalsIgnoreCase("PSUBSCRIBE")
        || name.equalsIgnoreCase("SSUBSCRIBE");
  }

  /**
   * The kind of a pub/sub event ({@code message}, {@code subscribe}, {@code pong}, …), or null if
   * {@code reply} is none.
   */
  static String kindOf(Object reply) {
    if (!(reply instanceof List<?> list)
        || list.size() < 2
        || !(list.get(0) instanceof byte[] kind)
        || kind.length > 12) {
      return null;
    }
    String text = new String(kind, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
    return switch (text) {
      case "message",
          "pmessage",
          "smessage",
          "subscribe",
          "psubscribe",
          "ssubscribe",
          "unsubscribe",
          "punsubscribe",
          "sunsubscribe",
          "pong" ->
          text;
      default -> null;
    };
  }

  /** A published message (answers no command). */
  static boolean isMessage(String kind) {
    return kind.equals("message") || kind.equals("pmessage") || kind.equals("smessage");
  }

  /** An unsubscription after which the connection has no subscription left. */
  static boolean endsSubscriptions(String kind, Object event) {
    return kind.endsWith("unsubscribe")
        && event instanceof List<?> list
        && list.size() > 2
        && list.get(2) instanceof Long count
        && count == 0;
  }

  /** Whether an event of {@code kind} confirms the command named {@code command}. */
  static boolean confirms(String kind, String command) {
    return kind.equals("pong") ? command.equalsIgnoreCase("PING") : command.equalsIgnoreCase(kind);
  }
}
