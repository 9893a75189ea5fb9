package dev.redlens.core.instrumentation;

import java.util.Collection;
import java.util.Map;

/**
 * Tells whether a reply, or one element of an array reply, is nil (the value was not found). Each
 * client represents nil its own way (Lettuce: {@code null} or an empty {@code KeyValue}; Jedis:
 * {@code null}), so its integration supplies one; the default treats {@code null} as nil.
 */
@FunctionalInterface
public interface ReplyInspector {

  /** Whether this reply or element stands for "not found". */
  boolean isNil(Object replyOrElement);

  /** Whether a collection reply (HGETALL…) is empty, which means the key does not exist. */
  default boolean isEmptyCollection(Object reply) {
    if (reply == null) {
      return true;
    }
    if (reply instanceof Collection<?> collection) {
      return collection.isEmpty();
    }
    if (reply instanceof Map<?, ?> map) {
      return map.isEmpty();
    }
    if (reply instanceof Object[] array) {
      return array.length == 0;
    }
    return false;
  }

  /** {@code null} is nil. */
  ReplyInspector DEFAULT = reply -> reply == null;
}
