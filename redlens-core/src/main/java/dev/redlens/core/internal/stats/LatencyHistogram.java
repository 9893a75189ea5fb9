package dev.redlens.core.internal.stats;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;
import org.HdrHistogram.Recorder;

/**
 * Latency distribution of one command in microseconds. Constant memory whatever the command count;
 * values above the range are clamped to its top (one minute) and still counted. Two kinds:
 *
 * <ul>
 *   <li>the totals' (one per command): wait-free recording through an HdrHistogram {@link Recorder}
 *       over a fixed-range histogram, folded into a lifetime histogram when read;
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

  private final Recorder recorder; // null when packed
  private final Histogram lifetime;
  private Histogram interval;

  LatencyHistogram() {
    this(false);
  }

  LatencyHistogram(boolean packed) {
    this.recorder = packed ? null : new Recorder(1, HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    // a packed histogram auto-resizes (values are clamped to the range before they are recorded)
    this.lifetime =
        packed
            ? new PackedHistogram(SIGNIFICANT_DIGITS)
            : new Histogram(1, HIGHEST_MICROS, SIGNIFICANT_DIGITS);
  }

  /** Records one latency: wait-free for the totals, under a short lock for a project's. */
  void record(long micros) {
    long value = Math.min(Math.max(micros, 0), HIGHEST_MICROS);
    if (recorder != null) {
      recorder.recordValue(value);
    } else {
      synchronized (this) {
        lifetime.recordValue(value);
      }
    }
  }

  /** A copy of everything recorded so far. Readers are serialized. */
  synchronized Histogram snapshot() {
    if (recorder != null) {
      interval = recorder.getIntervalHistogram(interval);
      lifetime.add(interval);
    }
    return lifetime.copy();
  }
}
