package dev.redlens.core.internal.stats;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latency distribution of one command in microseconds: wait-free recording through an HdrHistogram
 * {@link Recorder}, folded into a lifetime histogram when read. Constant memory whatever the command count;
 * values above the range are clamped to its top (one minute) and still counted.
 */
final class LatencyHistogram {

  static final long HIGHEST_MICROS = 60_000_000L;
  private static final int SIGNIFICANT_DIGITS = 2;

  private final Recorder recorder = new Recorder(1, HIGHEST_MICROS, SIGNIFICANT_DIGITS);
  private final Histogram lifetime = new Histogram(1, HIGHEST_MICROS, SIGNIFICANT_DIGITS);
  private Histogram interval;

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
