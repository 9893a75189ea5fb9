package dev.redlens.core.internal.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redlens.core.TelemetrySnapshot;
import dev.redlens.core.catalog.CommandCategory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Category statistics are the sums of their commands' (no counter per category on the command
 * path): exact for the totals and for a project, and a command whose category is learned later
 * counts, with everything it had before, in its real category.
 */
class LocalStatisticsTest {

  private final LocalStatistics statistics = new LocalStatistics(Duration.ofMinutes(1), () -> 0L);

  @Test
  void categoriesSumTheirCommandsOperationsAndErrors() {
    CommandStats get = statistics.command("GET", CommandCategory.READ);
    CommandStats mget = statistics.command("MGET", CommandCategory.READ);
    CommandStats set = statistics.command("SET", CommandCategory.WRITE, "tenant-a");
    statistics.record(get, 10, false, null);
    statistics.record(get, 10, false, "timeout");
    statistics.record(mget, 10, false, null);
    statistics.record(set, 10, false, "connection");

    TelemetrySnapshot snapshot = statistics.snapshot();
    assertThat(snapshot.categories().get(CommandCategory.READ))
        .isEqualTo(new TelemetrySnapshot.CategoryStatistics(CommandCategory.READ, 3, 1));
    assertThat(snapshot.categories().get(CommandCategory.WRITE))
        .isEqualTo(new TelemetrySnapshot.CategoryStatistics(CommandCategory.WRITE, 1, 1));
    assertThat(snapshot.categories()).containsOnlyKeys(CommandCategory.READ, CommandCategory.WRITE);

    TelemetrySnapshot project = statistics.projectSnapshot("tenant-a");
    assertThat(project.categories())
        .containsExactly(
            java.util.Map.entry(
                CommandCategory.WRITE,
                new TelemetrySnapshot.CategoryStatistics(CommandCategory.WRITE, 1, 1)));
  }

  @Test
  void aCommandLearnedLaterCountsInItsRealCategory() {
    statistics.record(statistics.command("MYCMD", CommandCategory.OTHER), 10, false, null);
    statistics.record(statistics.command("MYCMD", CommandCategory.READ), 10, false, null);

    TelemetrySnapshot snapshot = statistics.snapshot();
    assertThat(snapshot.categories())
        .containsExactly(
            java.util.Map.entry(
                CommandCategory.READ,
                new TelemetrySnapshot.CategoryStatistics(CommandCategory.READ, 2, 0)));
    assertThat(snapshot.operations()).isEqualTo(2);
  }
}
