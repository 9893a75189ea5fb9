package dev.redlens.core.internal;

import dev.redlens.core.RedlensSemconv;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the number of distinct values of one attribute: the first {@code limit} distinct values
 * pass, every later one is reported as {@link RedlensSemconv#OVERFLOW_VALUE}. Nothing is dropped,
 * so totals stay exact. Lookups of admitted values are a single concurrent-map read.
 */
public final class CardinalityLimiter {

  private final int limit;
  private final ConcurrentHashMap<String, String> admitted = new ConcurrentHashMap<>();
  private final AtomicInteger size = new AtomicInteger();

  public CardinalityLimiter(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1: " + limit);
    }
    this.limit = limit;
  }

  /**
   * {@code value} if it is (or can still be) admitted, else {@link RedlensSemconv#OVERFLOW_VALUE}.
   */
  public String limit(String value) {
    String known = admitted.get(value);
    if (known != null) {
      return known;
    }
    if (size.get() >= limit) {
      return RedlensSemconv.OVERFLOW_VALUE;
    }
    if (size.incrementAndGet() > limit) {
      size.decrementAndGet();
      return RedlensSemconv.OVERFLOW_VALUE;
    }
    String previous = admitted.putIfAbsent(value, value);
    if (previous != null) {
      size.decrementAndGet();
      return previous;
    }
    return value;
  }

  /** The number of admitted values. */
  public int size() {
    return admitted.size();
  }
}
