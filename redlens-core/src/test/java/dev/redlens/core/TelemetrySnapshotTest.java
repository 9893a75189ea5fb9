package dev.redlens.core;

import static dev.redlens.core.RedlensSemconv.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.redlens.core.catalog.CommandArguments;
import dev.redlens.core.catalog.CommandCategory;
import dev.redlens.core.instrumentation.ClientScope;
import dev.redlens.core.instrumentation.RedisOperation;
import dev.redlens.testing.InMemoryTelemetry;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RedisTelemetry#snapshot()} against what the metrics say, with a clock the test moves:
 * every duration is exactly what the test chose, so nothing depends on how fast the machine is.
 */
class TelemetrySnapshotTest {

  private final AtomicLong clock = new AtomicLong();
  private final InMemoryTelemetry otel = new InMemoryTelemetry();
  private final RedisTelemetry telemetry =
      RedisTelemetry.builder(otel.openTelemetry()).setNanoClock(clock::get).build();
  private final ClientScope scope = telemetry.scope("10.1.2.3", 6390, 0);

  @AfterEach
  void close() {
    telemetry.close();
    otel.close();
  }

  /** Runs one command that takes exactly {@code micros}. */
  private void run(String command, long micros, Object reply) {
    RedisOperation operation = scope.start(command, CommandArguments.of("k"));
    clock.addAndGet(TimeUnit.MICROSECONDS.toNanos(micros));
    operation.end(reply);
  }

  @Test
  void percentilesAgreeWithTheDurationHistogram() {
    // 2,000 GETs; every latency sits well inside one bucket of db.client.operation.duration, and
    // every
    // percentile rank falls inside a run of equal latencies, so the expected values are exact
    long[][] latencyAndCount = {
      {40, 600},
      {170, 500},
      {370, 400},
      {700, 300},
      {1_700, 80},
      {3_700, 40},
      {17_000, 50},
      {37_000, 20},
      {87_000, 9},
      {400_000, 1}
    };
    for (long[] lc : latencyAndCount) {
      for (int i = 0; i < lc[1]; i++) {
        run("GET", lc[0], "v");
      }
    }

    TelemetrySnapshot.CommandStatistics get = telemetry.snapshot().command("GET");
    HistogramPointData point = otel.durationPoint("GET");
    assertThat(get.count()).isEqualTo(2_000).isEqualTo(point.getCount());

    TelemetrySnapshot.Latency latency = get.latency();
    assertAgree(point, 0.50, latency.p50Micros(), 170);
    assertAgree(point, 0.95, latency.p95Micros(), 3_700);
    assertAgree(point, 0.99, latency.p99Micros(), 37_000);
    assertAgree(point, 0.999, latency.p999Micros(), 87_000);
    assertThat((double) latency.maxMicros()).isCloseTo(400_000, within(4_000.0));
    assertThat(point.getMax()).isEqualTo(0.4);
    assertThat(latency.meanMicros() * 2_000 / 1e6)
        .isCloseTo(point.getSum(), within(point.getSum() * 0.01));
  }

  private void assertAgree(
      HistogramPointData point, double quantile, long snapshotMicros, long expectedMicros) {
    assertThat((double) snapshotMicros)
        .as("p%s", quantile * 100)
        .isCloseTo(expectedMicros, within(expectedMicros * 0.01));
    double[] bucket = otel.bucketOf(point, quantile);
    assertThat(snapshotMicros / 1e6)
        .as(
            "p%s = %d µs within the histogram's bucket (%s, %s] s",
            quantile * 100, snapshotMicros, bucket[0], bucket[1])
        .isGreaterThan(bucket[0])
        .isLessThanOrEqualTo(bucket[1]);
  }

  @Test
  void slowMeansAtLeastTheThresholdWhichDefaultsTo100Milliseconds() {
    run("GET", 99_999, "v");
    run("GET", 100_000, "v");
    run("SET", 250_000, "OK");

    TelemetrySnapshot snapshot = telemetry.snapshot();
    assertThat(snapshot.slowOperations()).isEqualTo(2);
    assertThat(snapshot.command("GET").slow()).isEqualTo(1);
    assertThat(snapshot.command("SET").slow()).isEqualTo(1);
    assertThat(otel.slowCount("GET")).isEqualTo(1);
    assertThat(otel.slowCount("SET")).isEqualTo(1);
  }

  @Test
  void perCategoryCountsAndErrorRates() {
    run("GET", 10, "v");
    run("GET", 10, null);
    RedisOperation incr = scope.start("INCR", CommandArguments.of("k"));
    incr.endWithErrorReply("WRONGTYPE Operation against a key holding the wrong kind of value");
    run("SET", 10, "OK");
    run("DEL", 10, 1L);

    TelemetrySnapshot snapshot = telemetry.snapshot();
    assertThat(snapshot.operations()).isEqualTo(5);
    assertThat(snapshot.errors()).isEqualTo(1);
    assertThat(snapshot.errorRate()).isEqualTo(0.2);
    assertThat(snapshot.categories())
        .containsOnlyKeys(CommandCategory.READ, CommandCategory.WRITE, CommandCategory.DELETE);
    assertThat(snapshot.categories().get(CommandCategory.READ).count()).isEqualTo(2);
    assertThat(snapshot.categories().get(CommandCategory.READ).errorRate()).isZero();
    assertThat(snapshot.categories().get(CommandCategory.WRITE).count()).isEqualTo(2);
    assertThat(snapshot.categories().get(CommandCategory.WRITE).errorRate()).isEqualTo(0.5);
    assertThat(snapshot.categories().get(CommandCategory.DELETE).count()).isEqualTo(1);
    assertThat(snapshot.command("INCR").errorRate()).isEqualTo(1.0);
    assertThat(snapshot.errorsByType()).containsExactly(java.util.Map.entry(ERROR_COMMAND, 1L));
    assertThat(snapshot.cache().hits()).isEqualTo(1);
    assertThat(snapshot.cache().misses()).isEqualTo(1);
  }

  @Test
  void windowedHitRatioForgetsWhatLeftTheWindowAndTheLifetimeRatioDoesNot() {
    Duration window = Duration.ofSeconds(60);
    assertThat(telemetry.snapshot().cache().window()).isEqualTo(window);
    assertThat(telemetry.snapshot().cache().windowHitRatio()).isNaN();
    for (int i = 0; i < 3; i++) {
      run("GET", 10, "v");
    }
    assertThat(telemetry.snapshot().cache().windowHitRatio()).isEqualTo(1.0);
    assertThat(hitRatioGauge()).isEqualTo(1.0);

    clock.addAndGet(window.plusSeconds(1).toNanos());
    run("GET", 10, null);

    TelemetrySnapshot.CacheStatistics cache = telemetry.snapshot().cache();
    assertThat(cache.hits()).isEqualTo(3);
    assertThat(cache.misses()).isEqualTo(1);
    assertThat(cache.hitRatio()).isEqualTo(0.75);
    assertThat(cache.windowHits()).isZero();
    assertThat(cache.windowMisses()).isEqualTo(1);
    assertThat(cache.windowHitRatio()).isZero();
    assertThat(hitRatioGauge()).isZero();

    clock.addAndGet(window.multipliedBy(2).toNanos());
    assertThat(telemetry.snapshot().cache().windowHitRatio()).isNaN();
    assertThat(telemetry.snapshot().cache().hitRatio()).isEqualTo(0.75);
    MetricData gauge = otel.metric(METRIC_CACHE_HIT_RATIO);
    assertThat(gauge == null || gauge.getDoubleGaugeData().getPoints().isEmpty())
        .as("no hit ratio is reported when nothing was read within the window: %s", gauge)
        .isTrue();
  }

  private double hitRatioGauge() {
    return otel.metric(METRIC_CACHE_HIT_RATIO)
        .getDoubleGaugeData()
        .getPoints()
        .iterator()
        .next()
        .getValue();
  }

  @Test
  void customOperationsAreTimedLikeCommands() {
    String result =
        telemetry.traceOperation(
            "CUSTOM_OPERATION",
            "project-a",
            () -> {
              clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(150));
              return "done";
            });
    assertThat(result).isEqualTo("done");
    TelemetrySnapshot.CommandStatistics custom = telemetry.snapshot().command("CUSTOM_OPERATION");
    assertThat(custom.count()).isEqualTo(1);
    assertThat(custom.slow()).isEqualTo(1);
    assertThat((double) custom.latency().maxMicros()).isCloseTo(150_000, within(1_500.0));
    assertThat(otel.durationPoint("CUSTOM_OPERATION").getSum()).isEqualTo(0.15);
    // the project is on the counters (here: slow), not on the duration histogram by default
    assertThat(otel.durationPoint("CUSTOM_OPERATION").getAttributes().get(REDLENS_PROJECT_ID))
        .isNull();
    assertThat(
            otel.sumPoint(
                METRIC_OPERATION_SLOW,
                io.opentelemetry.api.common.Attributes.of(
                    DB_OPERATION_NAME,
                    "CUSTOM_OPERATION",
                    REDIS_COMMAND_CATEGORY,
                    "other",
                    REDLENS_PROJECT_ID,
                    "project-a")))
        .isEqualTo(1L);
  }
}
