package dev.redlens.service.internal.api;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.core.TelemetrySnapshot;
import java.time.Duration;
import java.util.Collection;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * {@link RedisTelemetry#snapshot()} shared by the requests of a short period ({@link #MAX_AGE}).
 *
 * <p>A snapshot folds the latency histogram of every command seen so far into its lifetime
 * histogram, copies it and computes its percentiles, each command's histogram locked in turn: taken
 * by every request of the basic endpoint to show one command's lifetime latency, it was 89% of the
 * service's CPU time for requests of {@code "count": 1} (and serialized the concurrent ones).
 * Lifetime percentiles do not move within a tenth of a second, so requests share one snapshot that
 * long. A snapshot that does not know one of the commands a request asks about (its first run) is
 * never used for it: a fresh one is taken, so a command that ran always has its figures.
 */
final class RecentSnapshot {

  /** How old a shared snapshot may be. */
  static final Duration MAX_AGE = Duration.ofMillis(100);

  private record Taken(long startNanos, TelemetrySnapshot snapshot) {}

  private final Supplier<TelemetrySnapshot> source;
  private final LongSupplier nanoClock;
  private final long maxAgeNanos;
  private final Object refreshing = new Object();
  private volatile Taken last;

  RecentSnapshot(RedisTelemetry telemetry) {
    this(telemetry::snapshot, System::nanoTime, MAX_AGE);
  }

  RecentSnapshot(Supplier<TelemetrySnapshot> source, LongSupplier nanoClock, Duration maxAge) {
    this.source = source;
    this.nanoClock = nanoClock;
    this.maxAgeNanos = maxAge.toNanos();
  }

  /**
   * A snapshot begun at most {@link #MAX_AGE} ago that has statistics for each of {@code commands};
   * one refresh at a time, the others waiting for it.
   */
  TelemetrySnapshot covering(Collection<String> commands) {
    Taken taken = last;
    if (usable(taken, commands)) {
      return taken.snapshot();
    }
    synchronized (refreshing) {
      taken = last;
      if (usable(taken, commands)) {
        return taken.snapshot(); // refreshed by another request meanwhile
      }
      long start = nanoClock.getAsLong();
      TelemetrySnapshot snapshot = source.get();
      last = new Taken(start, snapshot);
      return snapshot;
    }
  }

  private boolean usable(Taken taken, Collection<String> commands) {
    if (taken == null || nanoClock.getAsLong() - taken.startNanos() >= maxAgeNanos) {
      return false;
    }
    for (String command : commands) {
      if (taken.snapshot().command(command) == null) {
        return false;
      }
    }
    return true;
  }
}
