package dev.redlens.core;

import dev.redlens.core.catalog.CommandCategory;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A point-in-time view of what {@link RedisTelemetry} recorded since it was built: per-command
 * counts and latency percentiles, per-category counts and error rates, errors by type, cache hits
 * and misses with the lifetime and windowed hit ratio, and slow operations. Immutable; taking one
 * never blocks recording.
 *
 * @param takenAt when the snapshot was taken
 * @param operations operations completed (successfully or not)
 * @param errors operations that failed
 * @param slowOperations operations that took at least the slow threshold
 * @param commands statistics per command name ({@code GET}, {@code CLIENT LIST}), sorted by name
 * @param categories statistics per category that saw at least one operation
 * @param errorsByType failures per {@code error.type} ({@code connection}, {@code timeout}, …)
 * @param cache cache hits and misses of value-reading commands
 */
public record TelemetrySnapshot(
    Instant takenAt,
    long operations,
    long errors,
    long slowOperations,
    Map<String, CommandStatistics> commands,
    Map<CommandCategory, CategoryStatistics> categories,
    Map<String, Long> errorsByType,
    CacheStatistics cache) {

  /** errors / operations, 0 when nothing ran. */
  public double errorRate() {
    return operations == 0 ? 0.0 : (double) errors / operations;
  }

  /** The statistics of one command, or null if it never ran. */
  public CommandStatistics command(String name) {
    return commands.get(name);
  }

  /**
   * Statistics of one command.
   *
   * @param name the command ({@code GET}, {@code CLIENT LIST})
   * @param category its category
   * @param count operations completed
   * @param errors operations that failed
   * @param slow operations at or above the slow threshold
   * @param latency latency percentiles
   */
  public record CommandStatistics(
      String name, CommandCategory category, long count, long errors, long slow, Latency latency) {

    /** errors / count, 0 when nothing ran. */
    public double errorRate() {
      return count == 0 ? 0.0 : (double) errors / count;
    }
  }

  /**
   * Statistics of one category.
   *
   * @param category the category
   * @param count operations completed
   * @param errors operations that failed
   */
  public record CategoryStatistics(CommandCategory category, long count, long errors) {

    /** errors / count, 0 when nothing ran. */
    public double errorRate() {
      return count == 0 ? 0.0 : (double) errors / count;
    }
  }

  /**
   * Latency percentiles in microseconds, from an HdrHistogram with two significant digits (values
   * are exact to within 1%).
   */
  public record Latency(
      long p50Micros,
      long p95Micros,
      long p99Micros,
      long p999Micros,
      long maxMicros,
      double meanMicros) {

    /** The latency of a command that never ran. */
    public static final Latency EMPTY = new Latency(0, 0, 0, 0, 0, 0.0);
  }

  /**
   * Cache hits and misses of value-reading commands (GET, MGET per key, HGET, HMGET per field…).
   *
   * @param hits values found, since the start
   * @param misses values not found, since the start
   * @param windowHits values found within the sliding window
   * @param windowMisses values not found within the sliding window
   * @param window the length of the sliding window
   */
  public record CacheStatistics(
      long hits, long misses, long windowHits, long windowMisses, Duration window) {

    /** hits / (hits + misses) since the start, NaN when nothing was read. */
    public double hitRatio() {
      long total = hits + misses;
      return total == 0 ? Double.NaN : (double) hits / total;
    }

    /** hits / (hits + misses) within the sliding window, NaN when nothing was read within it. */
    public double windowHitRatio() {
      long total = windowHits + windowMisses;
      return total == 0 ? Double.NaN : (double) windowHits / total;
    }
  }
}
