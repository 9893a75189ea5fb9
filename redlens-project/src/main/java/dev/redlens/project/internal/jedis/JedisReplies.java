package dev.redlens.project.internal.jedis;

import dev.redlens.project.rewrite.KeyspaceRewriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import redis.clients.jedis.util.KeyValue;

/**
 * Removes the project's prefix from the key and channel names in Jedis's raw replies ({@code
 * byte[]} bulk strings, {@code List} arrays, {@code List<KeyValue>} RESP3 maps), by the shape of
 * each key-bearing reply: only the positions that hold names are touched, so values that happen to
 * start with the prefix (a BLPOP's element, a stream's fields) are returned as stored.
 */
final class JedisReplies {

  /** Where a reply carries names. */
  enum Shape {
    /** every element: KEYS, PUBSUB CHANNELS/SHARDCHANNELS. */
    ALL,
    /** element 1's elements: SCAN's {@code [cursor, [keys]]}. */
    SCAN,
    /** element 0: BLPOP/BRPOP/BZPOP* {@code [key, …]}, LMPOP/ZMPOP and their blocking forms. */
    FIRST,
    /** each stream's name: XREAD/XREADGROUP ({@code [[key, entries]…]}, or a RESP3 map). */
    STREAMS,
    /** every other element, or a RESP3 map's keys: PUBSUB NUMSUB/SHARDNUMSUB. */
    PAIRS,
    /** pub/sub subscription events, handled as events. */
    SUBSCRIPTION
  }

  private static final Map<String, Shape> SHAPES =
      Map.ofEntries(
          Map.entry("KEYS", Shape.ALL),
          Map.entry("PUBSUB CHANNELS", Shape.ALL),
          Map.entry("PUBSUB SHARDCHANNELS", Shape.ALL),
          Map.entry("SCAN", Shape.SCAN),
          Map.entry("BLPOP", Shape.FIRST),
          Map.entry("BRPOP", Shape.FIRST),
          Map.entry("BZPOPMIN", Shape.FIRST),
          Map.entry("BZPOPMAX", Shape.FIRST),
          Map.entry("LMPOP", Shape.FIRST),
          Map.entry("BLMPOP", Shape.FIRST),
          Map.entry("ZMPOP", Shape.FIRST),
          Map.entry("BZMPOP", Shape.FIRST),
          Map.entry("XREAD", Shape.STREAMS),
          Map.entry("XREADGROUP", Shape.STREAMS),
          Map.entry("PUBSUB NUMSUB", Shape.PAIRS),
          Map.entry("PUBSUB SHARDNUMSUB", Shape.PAIRS),
          Map.entry("SUBSCRIBE", Shape.SUBSCRIPTION),
          Map.entry("PSUBSCRIBE", Shape.SUBSCRIPTION),
          Map.entry("SSUBSCRIBE", Shape.SUBSCRIPTION),
          Map.entry("UNSUBSCRIBE", Shape.SUBSCRIPTION),
          Map.entry("PUNSUBSCRIBE", Shape.SUBSCRIPTION),
          Map.entry("SUNSUBSCRIBE", Shape.SUBSCRIPTION));

  private JedisReplies() {}

  /**
   * The shape of the reply of {@code command} (upper case) whose first argument is {@code first}
   * (or null), or null when the rewriter said the reply has keys but no shape is known (left
   * unchanged).
   */
  static Shape shapeOf(String command, byte[] first) {
    String name = command.toUpperCase(Locale.ROOT);
    if (name.equals("PUBSUB") && first != null) {
      name = name + " " + new String(first, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
    }
    return SHAPES.get(name);
  }

  /**
   * {@code reply} with the names at the positions of {@code shape} un-prefixed (lists changed in
   * place).
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static Object strip(Shape shape, Object reply, KeyspaceRewriter rewriter) {
    if (shape == null || !(reply instanceof List)) {
      return reply;
    }
    List list = (List) reply;
    switch (shape) {
      case ALL -> {
        for (int i = 0; i < list.size(); i++) {
          list.set(i, name(list.get(i), rewriter));
        }
      }
      case SCAN -> {
        if (list.size() == 2) {
          strip(Shape.ALL, list.get(1), rewriter);
        }
      }
      case FIRST -> {
        if (!list.isEmpty()) {
          list.set(0, name(list.get(0), rewriter));
        }
      }
      case STREAMS -> {
        for (int i = 0; i < list.size(); i++) {
          Object stream = list.get(i);
          if (stream instanceof KeyValue<?, ?> kv) {
            list.set(i, KeyValue.of(name(kv.getKey(), rewriter), kv.getValue()));
          } else {
            strip(Shape.FIRST, stream, rewriter);
          }
        }
      }
      case PAIRS -> {
        for (int i = 0; i < list.size(); i++) {
          Object element = list.get(i);
          if (element instanceof KeyValue<?, ?> kv) {
            list.set(i, KeyValue.of(name(kv.getKey(), rewriter), kv.getValue()));
          } else if (i % 2 == 0) {
            list.set(i, name(element, rewriter));
          }
        }
      }
      case SUBSCRIPTION -> stripEvent(list, rewriter);
    }
    return reply;
  }

  /**
   * Un-prefixes a pub/sub event's names: the channel or pattern of (un)subscription events and
   * messages, and a pattern message's channel.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static void stripEvent(List list, KeyspaceRewriter rewriter) {
    if (list.size() < 2 || !(list.get(0) instanceof byte[] raw)) {
      return;
    }
    String kind = new String(raw, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
    if (kind.equals("pong")) {
      return;
    }
    list.set(1, name(list.get(1), rewriter));
    if (kind.equals("pmessage") && list.size() > 2) {
      list.set(2, name(list.get(2), rewriter));
    }
  }

  private static Object name(Object element, KeyspaceRewriter rewriter) {
    return element instanceof byte[] bytes ? rewriter.unprefix(bytes) : element;
  }
}
