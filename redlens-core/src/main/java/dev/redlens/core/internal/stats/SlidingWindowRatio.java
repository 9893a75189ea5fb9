package dev.redlens.core.internal.stats;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Hits and misses over a sliding time window, kept in a ring of fixed time slots: constant memory,
 * lock-free recording. A slot whose epoch has passed is reset by the first writer of the new epoch
 * (a concurrent writer may lose one count at that instant, which a ratio over a window tolerates).
 */
final class SlidingWindowRatio {

  private static final int SLOTS = 12;

  private final long slotNanos;
  private final LongSupplier nanoClock;
  private final AtomicLongArray epochs = new AtomicLongArray(SLOTS);
  private final AtomicLongArray hits = new AtomicLongArray(SLOTS);
  private final AtomicLongArray misses = new AtomicLongArray(SLOTS);

  SlidingWindowRatio(long windowNanos, LongSupplier nanoClock) {
    this.slotNanos = Math.max(1, windowNanos / SLOTS);
    this.nanoClock = nanoClock;
    for (int i = 0; i < SLOTS; i++) {
      epochs.set(i, Long.MIN_VALUE);
    }
  }

  void record(long hitCount, long missCount) {
    record(hitCount, missCount, nanoClock.getAsLong());
  }

  /**
   * Records at {@code nowNanos}, a reading of this window's clock the caller made anyway (a
   * command's end): one clock read less per command (about 30 ns on a VM's kvm-clock).
   */
  void record(long hitCount, long missCount, long nowNanos) {
    long epoch = nowNanos / slotNanos;
    int slot = (int) Math.floorMod(epoch, (long) SLOTS);
    long seen = epochs.get(slot);
    if (seen != epoch && epochs.compareAndSet(slot, seen, epoch)) {
      hits.set(slot, 0);
      misses.set(slot, 0);
    }
    if (hitCount != 0) {
      hits.addAndGet(slot, hitCount);
    }
    if (missCount != 0) {
      misses.addAndGet(slot, missCount);
    }
  }

  /** {@code [hits, misses]} within the window. */
  long[] totals() {
    long epoch = nanoClock.getAsLong() / slotNanos;
    long h = 0;
    long m = 0;
    for (int i = 0; i < SLOTS; i++) {
      long slotEpoch = epochs.get(i);
      if (slotEpoch > epoch - SLOTS && slotEpoch <= epoch) {
        h += hits.get(i);
        m += misses.get(i);
      }
    }
    return new long[] {h, m};
  }

  /** hits / (hits + misses) within the window, or NaN when nothing was read in it. */
  double ratio() {
    long[] t = totals();
    long total = t[0] + t[1];
    return total == 0 ? Double.NaN : (double) t[0] / total;
  }
}
