package dev.redlens.core.internal.stats;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;
import org.HdrHistogram.Recorder;

/**
 * Latency distribution of one command in microseconds: wait-free recording through an HdrHistogram
 * {@link Recorder}, folded into a lifetime histogram when read. Constant memory whatever the
 * command count; values above the range are clamped to its top (one minute) and still counted. A
 * packed histogram (used per project, where there may be a thousand of them) takes memory in
 * proportion to the distinct latencies seen, not to the range.
 */
final class LatencyHistogram {

  static final long HIGHEST_MICROS = 60_000_000L;
  private static final int SIGNIFICANT_DIGITS = 2;

  private final Recorder recorder;
  private final Histogram lifetime;
  private Histogram interval;

  LatencyHistogram() {
    this(false);
  }

  LatencyHistogram(boolean packed) {
    // a packed recorder auto-resizes (values are clamped to the range before they are recorded)
    this.recorder =
        packed
            ? new Recorder(SIGNIFICANT_DIGITS, true)
            : new Recorder(1, HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    this.lifetime =
        packed
            ? new PackedHistogram(SIGNIFICANT_DIGITS)
            : new Histogram(1, HIGHEST_MICROS, SIGNIFICANT_DIGITS);
  }

  /** Records one latency; wait-free. */
  void record(long micros) {
    recorder.recordValue(Math.min(Math.max(micros, 0), HIGHEST_MICROS));
  }

  /** A copy of everything recorded so far. Readers are serialized; writers are never blocked. */
  synchronized Histogram snapshot() {
    interval = recorder.getIntervalHistogram(interval);
    lifetime.add(interval);
    return lifetime.copy();
  }
}
