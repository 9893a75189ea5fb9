package dev.redlens.core.internal.stats;

import dev.redlens.core.TelemetrySnapshot;
import dev.redlens.core.catalog.CommandCategory;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * The local statistics behind {@link TelemetrySnapshot}: per command a latency histogram and
 * counters, per category counts and errors, errors by type, cache hits and misses (lifetime and
 * over a sliding window), slow operations. Constant memory: histograms, not histories; the number
 * of command entries is bounded by the caller (catalog names plus a bounded number of unknown
 * ones).
 *
 * <p>Per project ({@code redlens.project.id}), the same statistics again, in a child {@code
 * LocalStatistics} with packed histograms: an operation of a project is recorded once in the totals
 * and once in its project's. The number of projects is bounded by the caller (project ids past the
 * bound arrive as {@code _other}).
 */
public final class LocalStatistics {

  private static final CommandCategory[] CATEGORIES = CommandCategory.values();

  private final ConcurrentHashMap<String, CommandStats> commands = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, LongAdder> errorsByType = new ConcurrentHashMap<>();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder slow = new LongAdder();
  private final SlidingWindowRatio window;
  private final Duration windowLength;
  private final LongSupplier nanoClock;
  private final ConcurrentHashMap<String, LocalStatistics> projects = new ConcurrentHashMap<>();

  public LocalStatistics(Duration hitRatioWindow, LongSupplier nanoClock) {
    this.windowLength = hitRatioWindow;
    this.nanoClock = nanoClock;
    this.window = new SlidingWindowRatio(hitRatioWindow.toNanos(), nanoClock);
  }

  /**
   * The entry of one command name on behalf of one project ({@code project} null: {@link
   * #command(String, CommandCategory)}). Recording it updates the totals and the project's
   * statistics. Created once per project and name; the caller bounds the number of distinct
   * projects.
   */
  public CommandStats command(String name, CommandCategory category, String project) {
    CommandStats global = command(name, category);
    if (project == null) {
      return global;
    }
    LocalStatistics statistics = projects.get(project);
    if (statistics == null) {
      statistics =
          projects.computeIfAbsent(project, p -> new LocalStatistics(windowLength, nanoClock));
    }
    CommandStats stats = statistics.commands.get(name);
    if (stats == null) {
      LocalStatistics owner = statistics;
      stats =
          statistics.commands.computeIfAbsent(
              name, n -> new CommandStats(n, category, true, global, owner));
    }
    if (stats.category != category) {
      stats.category = category;
    }
    return stats;
  }

  /** The statistics of one project; empty if nothing was recorded for it. */
  public TelemetrySnapshot projectSnapshot(String project) {
    LocalStatistics statistics = project == null ? null : projects.get(project);
    return statistics == null
        ? new LocalStatistics(windowLength, nanoClock).snapshot()
        : statistics.snapshot();
  }

  /** The project ids with statistics (at most the caller's bound, plus {@code _other}). */
  public java.util.Set<String> projects() {
    return Collections.unmodifiableSet(new java.util.TreeSet<>(projects.keySet()));
  }

  /**
   * The entry of one command name, created on first use (the only non-wait-free step, once per
   * name). A command learned from the server after it was first seen as unknown takes its real
   * category from then on.
   */
  public CommandStats command(String name, CommandCategory category) {
    CommandStats stats = commands.get(name);
    if (stats == null) {
      stats = commands.computeIfAbsent(name, n -> new CommandStats(n, category));
    }
    if (stats.category != category) {
      stats.category = category;
    }
    return stats;
  }

  /**
   * Records one completed operation. {@code errorType} is null on success. A project's entry is
   * recorded in the totals and in its project's statistics.
   */
  public void record(CommandStats stats, long micros, boolean slowOperation, String errorType) {
    if (stats.project == null) {
      recordOne(stats, micros, slowOperation, errorType);
    } else {
      recordOne(stats.global, micros, slowOperation, errorType);
      stats.project.recordOne(stats, micros, slowOperation, errorType);
    }
  }

  private void recordOne(CommandStats stats, long micros, boolean slowOperation, String errorType) {
    // no counter per category: the snapshot sums its commands' (one atomic add less per command)
    stats.latency.record(micros);
    if (errorType != null) {
      stats.errors.increment();
      LongAdder byType =
          errorsByType.get(errorType); // a plain read once the type was seen: no lock
      if (byType == null) {
        byType = errorsByType.computeIfAbsent(errorType, t -> new LongAdder());
      }
      byType.increment();
    }
    if (slowOperation) {
      stats.slow.increment();
      slow.increment();
    }
  }

  /**
   * Records the cache result of one read of the command {@code stats} (in the totals, and in its
   * project's statistics for a project's entry), which ended at {@code nowNanos} of this
   * statistics' clock.
   */
  public void recordCache(CommandStats stats, long hitCount, long missCount, long nowNanos) {
    recordCache(hitCount, missCount, nowNanos);
    if (stats != null && stats.project != null) {
      stats.project.recordCache(hitCount, missCount, nowNanos);
    }
  }

  /**
   * Records the cache result of one read: {@code hitCount} values found, {@code missCount} not
   * found.
   */
  public void recordCache(long hitCount, long missCount) {
    recordCache(hitCount, missCount, nanoClock.getAsLong());
  }

  private void recordCache(long hitCount, long missCount, long nowNanos) {
    // a read is a hit or a miss: adding the other's 0 would still be an atomic operation
    if (hitCount != 0) {
      hits.add(hitCount);
    }
    if (missCount != 0) {
      misses.add(missCount);
    }
    window.record(hitCount, missCount, nowNanos);
  }

  /**
   * Gives the sliding-window hit ratio of each project that read something within the window
   * (projects as bounded by the caller, {@code _other} included).
   */
  public void forEachProjectWindowHitRatio(java.util.function.ObjDoubleConsumer<String> consumer) {
    projects.forEach(
        (project, statistics) -> {
          double ratio = statistics.windowHitRatio();
          if (!Double.isNaN(ratio)) {
            consumer.accept(project, ratio);
          }
        });
  }

  /** The hit ratio over the sliding window, NaN when nothing was read within it. */
  public double windowHitRatio() {
    return window.ratio();
  }

  public TelemetrySnapshot snapshot() {
    Map<String, TelemetrySnapshot.CommandStatistics> perCommand = new TreeMap<>();
    long totalCount = 0;
    long totalErrors = 0;
    long[] categoryCounts = new long[CATEGORIES.length];
    long[] categoryErrors = new long[CATEGORIES.length];
    for (CommandStats stats : commands.values()) {
      Histogram histogram = stats.latency.snapshot();
      long count = histogram.getTotalCount();
      long errors = stats.errors.sum();
      totalCount += count;
      totalErrors += errors;
      // a command learned from the server after it was first seen as unknown counts in its real
      // category, with the operations it had before
      categoryCounts[stats.category.ordinal()] += count;
      categoryErrors[stats.category.ordinal()] += errors;
      perCommand.put(
          stats.name,
          new TelemetrySnapshot.CommandStatistics(
              stats.name, stats.category, count, errors, stats.slow.sum(), latencyOf(histogram)));
    }
    Map<CommandCategory, TelemetrySnapshot.CategoryStatistics> perCategory =
        new EnumMap<>(CommandCategory.class);
    for (CommandCategory category : CATEGORIES) {
      long count = categoryCounts[category.ordinal()];
      if (count > 0) {
        perCategory.put(
            category,
            new TelemetrySnapshot.CategoryStatistics(
                category, count, categoryErrors[category.ordinal()]));
      }
    }
    Map<String, Long> byType = new LinkedHashMap<>();
    new TreeMap<>(errorsByType).forEach((type, adder) -> byType.put(type, adder.sum()));
    long[] windowTotals = window.totals();
    TelemetrySnapshot.CacheStatistics cache =
        new TelemetrySnapshot.CacheStatistics(
            hits.sum(), misses.sum(), windowTotals[0], windowTotals[1], windowLength);
    return new TelemetrySnapshot(
        Instant.now(),
        totalCount,
        totalErrors,
        slow.sum(),
        Collections.unmodifiableMap(perCommand),
        Collections.unmodifiableMap(perCategory),
        Collections.unmodifiableMap(byType),
        cache);
  }

  private static TelemetrySnapshot.Latency latencyOf(Histogram histogram) {
    if (histogram.getTotalCount() == 0) {
      return TelemetrySnapshot.Latency.EMPTY;
    }
    return new TelemetrySnapshot.Latency(
        histogram.getValueAtPercentile(50),
        histogram.getValueAtPercentile(95),
        histogram.getValueAtPercentile(99),
        histogram.getValueAtPercentile(99.9),
        histogram.getMaxValue(),
        histogram.getMean());
  }
}
