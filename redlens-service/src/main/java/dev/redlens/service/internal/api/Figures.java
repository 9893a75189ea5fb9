package dev.redlens.service.internal.api;

import dev.redlens.core.TelemetrySnapshot;
import dev.redlens.core.TelemetrySnapshot.CommandStatistics;
import java.util.Locale;
import java.util.OptionalLong;

/** Small conversions the responses share: milliseconds, rates, absent values. */
final class Figures {

  private Figures() {}

  /** Latency percentiles in milliseconds. */
  record LatencyMs(double p50, double p95, double p99, double p999, double max, double mean) {}

  static LatencyMs latency(TelemetrySnapshot.Latency l) {
    return new LatencyMs(
        l.p50Micros() / 1000.0,
        l.p95Micros() / 1000.0,
        l.p99Micros() / 1000.0,
        l.p999Micros() / 1000.0,
        l.maxMicros() / 1000.0,
        l.meanMicros() / 1000.0);
  }

  /** The lifetime latency of a command, or null if it never ran. */
  static LatencyMs latency(CommandStatistics stats) {
    return stats == null ? null : latency(stats.latency());
  }

  /** The category of a command as on the metrics ({@code read}, {@code write}), or null. */
  static String category(CommandStatistics stats) {
    return stats == null ? null : stats.category().toString().toLowerCase(Locale.ROOT);
  }

  static Long orNull(OptionalLong v) {
    return v.isPresent() ? v.getAsLong() : null;
  }

  static double millis(long nanos) {
    return nanos / 1e6;
  }

  static double rate(long n, long nanos) {
    return nanos <= 0 ? 0 : n / (nanos / 1e9);
  }

  /** The {@code p} quantile of sorted samples (nearest rank). */
  static long percentile(long[] sorted, double p) {
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
