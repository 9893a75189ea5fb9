package dev.redlens.core.internal.stats;

import org.HdrHistogram.AtomicHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;

/**
 * Latency distribution of one command in microseconds. Constant memory whatever the command count;
 * values above the range are clamped to its top (one minute) and still counted. Two kinds:
 *
 * <ul>
 *   <li>the totals' (one per command): a fixed-range {@link AtomicHistogram}, wait-free, two atomic
 *       increments per value (the count at its index and the total). Read by copying it into a
 *       plain histogram, whose total is the sum of the counts it copied, so a snapshot taken while
 *       commands are recorded is consistent. Not HdrHistogram's {@code Recorder}: its interval
 *       swapping, which we do not use, puts a phaser around a concurrent histogram with a phaser of
 *       its own: six atomic operations per value, and about 40 instructions per command more than
 *       this (callgrind, the command's whole local-statistics step 189 against 150);
 *   <li>a project's (a thousand projects may each have one per command): a {@link PackedHistogram},
 *       whose memory follows the distinct latencies seen rather than the range, recorded under this
 *       object's lock. Not HdrHistogram's packed {@code Recorder}: with two threads recording at
 *       once its concurrent packed array can livelock while it resizes (HdrHistogram 2.2.2: both
 *       writers spinning in {@code ConcurrentPackedArrayContext} and {@code flipPhase}, seen on two
 *       Lettuce event loops in the service, reproduced by {@code LatencyHistogramTest}); a lock
 *       held for one packed increment costs the rare contended writer a short wait instead.
 * </ul>
 */
final class LatencyHistogram {

  static final long HIGHEST_MICROS = 60_000_000L;
  private static final int SIGNIFICANT_DIGITS = 2;

  private final AtomicHistogram totals; // null when packed
  private final Histogram packed; // null for the totals

  LatencyHistogram() {
    this(false);
  }

  LatencyHistogram(boolean packed) {
    this.totals = packed ? null : new AtomicHistogram(1, HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    // a packed histogram auto-resizes (values are clamped to the range before they are recorded)
    this.packed = packed ? new PackedHistogram(SIGNIFICANT_DIGITS) : null;
  }

  /** Records one latency: wait-free for the totals, under a short lock for a project's. */
  void record(long micros) {
    long value = Math.min(Math.max(micros, 0), HIGHEST_MICROS);
    if (totals != null) {
      totals.recordValue(value);
    } else {
      synchronized (this) {
        packed.recordValue(value);
      }
    }
  }

  /** A copy of everything recorded so far. */
  Histogram snapshot() {
    if (totals != null) {
      // add() sums the counts it reads into the copy's total: consistent while writers record
      Histogram copy = new Histogram(1, HIGHEST_MICROS, SIGNIFICANT_DIGITS);
      copy.add(totals);
      return copy;
    }
    synchronized (this) {
      return packed.copy();
    }
  }
}
