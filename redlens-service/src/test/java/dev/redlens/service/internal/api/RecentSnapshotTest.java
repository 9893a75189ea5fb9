package dev.redlens.service.internal.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redlens.core.TelemetrySnapshot;
import dev.redlens.core.catalog.CommandCategory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The basic endpoint's lifetime statistics: one {@code RedisTelemetry.snapshot()} serves the
 * requests of {@link RecentSnapshot#MAX_AGE}, never one that lacks a command the request ran.
 */
class RecentSnapshotTest {

  final AtomicLong now = new AtomicLong(1_000_000_000L);
  final AtomicInteger taken = new AtomicInteger();
  final List<String> known = new ArrayList<>(List.of("GET", "SET"));

  /** A source that counts the snapshots taken and knows the commands of {@link #known}. */
  final Supplier<TelemetrySnapshot> source =
      () -> {
        taken.incrementAndGet();
        Map<String, TelemetrySnapshot.CommandStatistics> commands = new java.util.TreeMap<>();
        for (String name : known) {
          commands.put(
              name,
              new TelemetrySnapshot.CommandStatistics(
                  name, CommandCategory.READ, 1, 0, 0, TelemetrySnapshot.Latency.EMPTY));
        }
        return new TelemetrySnapshot(
            Instant.now(),
            known.size(),
            0,
            0,
            commands,
            Map.of(),
            Map.of(),
            new TelemetrySnapshot.CacheStatistics(0, 0, 0, 0, Duration.ofSeconds(60)));
      };

  final RecentSnapshot recent = new RecentSnapshot(source, now::get, Duration.ofMillis(100));

  @Test
  void requestsWithinTheMaximumAgeShareOneSnapshot() {
    TelemetrySnapshot first = recent.covering(List.of("GET"));
    for (int i = 0; i < 1_000; i++) {
      now.addAndGet(Duration.ofMillis(99).toNanos() / 1_000);
      assertThat(recent.covering(List.of(i % 2 == 0 ? "GET" : "SET"))).isSameAs(first);
    }
    assertThat(taken).hasValue(1);
  }

  @Test
  void anOlderSnapshotIsReplaced() {
    TelemetrySnapshot first = recent.covering(List.of("GET"));
    now.addAndGet(Duration.ofMillis(100).toNanos());
    TelemetrySnapshot second = recent.covering(List.of("GET"));
    assertThat(second).isNotSameAs(first);
    assertThat(taken).hasValue(2);
    assertThat(recent.covering(List.of("GET"))).isSameAs(second);
  }

  @Test
  void aCommandTheSnapshotDoesNotKnowTakesAFreshOne() {
    recent.covering(List.of("GET"));
    known.add("ZADD"); // ran for the first time since
    TelemetrySnapshot fresh = recent.covering(List.of("ZADD"));
    assertThat(fresh.command("ZADD")).isNotNull();
    assertThat(taken).hasValue(2);
    assertThat(recent.covering(List.of("GET", "ZADD"))).isSameAs(fresh);
  }
}
