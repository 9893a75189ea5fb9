package dev.redlens.core.instrumentation;

import dev.redlens.core.catalog.CacheRead;

/**
 * Hits and misses in the reply of a value-reading command, by the command's {@link CacheRead} and
 * the client's {@link ReplyInspector}. The two counts are packed into one long (hits in the high 32
 * bits, misses in the low 32 bits) so that the command path allocates nothing for them; {@link
 * #hits} and {@link #misses} unpack them.
 */
public final class CacheCounts {

  private static final long HIT = 1L << 32;
  private static final long MISS = 1L;

  private CacheCounts() {}

  /**
   * The packed hits and misses of a successful {@code reply}; 0 for commands that read no value.
   */
  public static long count(CacheRead cacheRead, Object reply, ReplyInspector replyInspector) {
    switch (cacheRead) {
      case SINGLE:
        return replyInspector.isNil(reply) ? MISS : HIT;
      case COLLECTION:
        return replyInspector.isEmptyCollection(reply) ? MISS : HIT;
      case PER_ELEMENT:
        return perElement(reply, replyInspector);
      default:
        return 0;
    }
  }

  /** The hits of packed counts. */
  public static long hits(long packed) {
    return packed >>> 32;
  }

  /** The misses of packed counts. */
  public static long misses(long packed) {
    return packed & 0xFFFF_FFFFL;
  }

  private static long perElement(Object reply, ReplyInspector replyInspector) {
    long counts = 0;
    if (reply instanceof Iterable<?> iterable) {
      for (Object element : iterable) {
        counts += replyInspector.isNil(element) ? MISS : HIT;
      }
    } else if (reply instanceof Object[] array) {
      for (Object element : array) {
        counts += replyInspector.isNil(element) ? MISS : HIT;
      }
    }
    return counts;
  }
}
