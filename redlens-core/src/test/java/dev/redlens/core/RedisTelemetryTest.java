package dev.redlens.core;

import static dev.redlens.core.RedlensSemconv.*;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redlens.core.catalog.CommandArguments;
import dev.redlens.core.catalog.CommandCategory;
import dev.redlens.core.instrumentation.ClientScope;
import dev.redlens.core.instrumentation.RedisOperation;
import dev.redlens.testing.InMemoryTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RedisTelemetry on its own (no client): what one started and ended operation turns into, with the
 * real SDK. The client integrations' tests show the same against real servers.
 */
class RedisTelemetryTest {

  private final InMemoryTelemetry otel = new InMemoryTelemetry();
  private final RedisTelemetry telemetry = RedisTelemetry.create(otel.openTelemetry());
  private final ClientScope scope = telemetry.scope("10.1.2.3", 6390, 2);

  @AfterEach
  void close() {
    telemetry.close();
    otel.close();
  }

  @Test
  void aCommandBecomesAClientSpanAndADurationPoint() {
    scope.start("SET", CommandArguments.of("user:1", "secret-value")).end("OK");

    SpanData span = onlySpan();
    assertThat(span)
        .hasName("SET")
        .hasKind(SpanKind.CLIENT)
        .hasAttributesSatisfying(
            equalTo(DB_SYSTEM_NAME, "redis"),
            equalTo(DB_OPERATION_NAME, "SET"),
            equalTo(DB_NAMESPACE, "2"),
            equalTo(SERVER_ADDRESS, "10.1.2.3"),
            equalTo(SERVER_PORT, 6390L),
            equalTo(REDIS_COMMAND_CATEGORY, "write"),
            equalTo(REDIS_KEY_COUNT, 1L),
            equalTo(DB_QUERY_TEXT, "SET user:1 ?"));
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);

    HistogramPointData point = onlyHistogramPoint();
    assertThat(point.getCount()).isEqualTo(1);
    assertThat(point.getAttributes().get(DB_OPERATION_NAME)).isEqualTo("SET");
    assertThat(point.getAttributes().get(REDIS_COMMAND_CATEGORY)).isEqualTo("write");
    assertThat(point.getAttributes().get(SERVER_PORT)).isEqualTo(6390L);
    assertThat(point.getBoundaries()).containsExactlyElementsOf(DURATION_BUCKETS);
  }

  @Test
  void durationBucketsKeepEverySemanticConventionBoundaryAndGoDownTo100Microseconds() {
    List<Double> recommended =
        List.of(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);
    List<Double> recommendedForDbClientOperations =
        List.of(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0);
    assertThat(RECOMMENDED_DURATION_BUCKETS).isEqualTo(recommended);
    assertThat(DURATION_BUCKETS)
        .startsWith(0.0001)
        .isSorted()
        .doesNotHaveDuplicates()
        .containsAll(recommended)
        .containsAll(recommendedForDbClientOperations);
    // only extended downward: from 5 ms up, exactly the recommended boundaries
    assertThat(DURATION_BUCKETS.stream().filter(b -> b >= 0.005).toList()).isEqualTo(recommended);
    assertThat(DURATION_BUCKETS.stream().filter(b -> b < 0.005).toList())
        .containsExactly(0.0001, 0.00025, 0.0005, 0.001, 0.0025);
  }

  @Test
  void projectIdsOnMetricsAreBoundedTo1000ByDefault() {
    ClientScope server = telemetry.scope("h", 1, 0);
    for (int i = 0; i < 1_002; i++) {
      server.withProject("p" + i).start("GET", CommandArguments.of("k")).end("v");
    }
    java.util.Map<String, Long> countByProject =
        otel.metric(METRIC_CACHE_REQUESTS).getLongSumData().getPoints().stream()
            .collect(
                java.util.stream.Collectors.toMap(
                    p -> p.getAttributes().get(REDLENS_PROJECT_ID), LongPointData::getValue));
    assertThat(countByProject)
        .hasSize(1_001)
        .containsEntry(OVERFLOW_VALUE, 2L)
        .containsEntry("p999", 1L);
    assertThat(otel.cacheRequests("GET", CACHE_HIT)).isEqualTo(1_002);
    assertThat(otel.spans("GET"))
        .last()
        .satisfies(s -> assertThat(s.getAttributes().get(REDLENS_PROJECT_ID)).isEqualTo("p1001"));
  }

  @Test
  void theDurationHistogramCarriesTheProjectOnlyWhenAskedFor() {
    scope.withProject("p1").start("GET", CommandArguments.of("k")).end("v");
    scope.withProject("p2").start("GET", CommandArguments.of("k")).end("v");
    HistogramPointData point = onlyHistogramPoint();
    assertThat(point.getCount()).isEqualTo(2);
    assertThat(point.getAttributes().get(REDLENS_PROJECT_ID)).isNull();
    assertThat(otel.metric(METRIC_CACHE_REQUESTS).getLongSumData().getPoints())
        .extracting(p -> p.getAttributes().get(REDLENS_PROJECT_ID))
        .containsExactlyInAnyOrder("p1", "p2");

    try (RedisTelemetry perProject =
        RedisTelemetry.builder(otel.openTelemetry()).setProjectOnDuration(true).build()) {
      perProject.scope("h", 1, 0).withProject("p3").start("GET", CommandArguments.of("k")).end("v");
      assertThat(otel.metric(METRIC_OPERATION_DURATION).getHistogramData().getPoints())
          .extracting(p -> p.getAttributes().get(REDLENS_PROJECT_ID))
          .containsExactlyInAnyOrder(null, "p3");
    }
  }

  /**
   * The cardinality budget at default settings, with the SDK's default limit of 2,000 series per
   * instrument: 10,000 projects × 26 commands (reads hit and miss, every command slow, one failing)
   * leave every instrument well inside it, nothing in {@code otel.metric.overflow}, and every total
   * exact. Before the budget: 26,026 duration series asked for, the SDK folding 24,000 of them.
   */
  @Test
  void tenThousandProjectsTimesEveryCommandStayInsideTheSdksDefaultLimit() {
    java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
    // 26 commands, as many as the service's API has: six value reads and 20 writes of the catalog
    List<String> commands =
        new java.util.ArrayList<>(
            List.of("GET", "HGET", "HGETALL", "LRANGE", "SMEMBERS", "ZSCORE"));
    telemetry.catalog().all().stream()
        .filter(c -> c.category() == CommandCategory.WRITE && !c.name().contains(" "))
        .map(c -> c.name())
        .sorted()
        .limit(20)
        .forEach(commands::add);
    String failing = commands.get(commands.size() - 1);
    long issued = 0;
    long failed = 0;
    try (RedisTelemetry defaults =
        RedisTelemetry.builder(otel.openTelemetry())
            .setNanoClock(() -> clock.addAndGet(150_000_000L)) // every command takes 150 ms: slow
            .build()) {
      ClientScope server = defaults.scope("10.0.0.1", 6379, 0);
      for (int p = 0; p < 10_000; p++) {
        ClientScope project = server.withProject(new java.util.UUID(1, p).toString());
        for (String command : commands) {
          RedisOperation operation = project.start(command, CommandArguments.of("k", "v"));
          if (command.equals(failing)) {
            operation.endWithErrorReply("ERR value is not an integer or out of range");
            failed++;
          } else {
            operation.end(p % 2 == 0 ? "v" : null); // reads: half hit, half miss
          }
          issued++;
        }
      }
      java.util.Map<String, Integer> series = new java.util.TreeMap<>();
      for (MetricData metric : otel.collect()) {
        var points = metric.getData().getPoints();
        series.put(metric.getName(), points.size());
        assertThat(points)
            .as(metric.getName())
            .noneMatch(p -> p.getAttributes().asMap().keySet().toString().contains("overflow"));
      }
      assertThat(series)
          .containsKeys(
              METRIC_OPERATION_DURATION,
              METRIC_OPERATION_ERRORS,
              METRIC_OPERATION_SLOW,
              METRIC_CACHE_REQUESTS)
          .allSatisfy((name, count) -> assertThat(count).as(name).isLessThan(1_400));
      // one per command (the failing one: its failures only): no project on it
      assertThat(series.get(METRIC_OPERATION_DURATION)).isEqualTo(26);
      long durations =
          otel.metric(METRIC_OPERATION_DURATION).getHistogramData().getPoints().stream()
              .mapToLong(HistogramPointData::getCount)
              .sum();
      assertThat(durations).isEqualTo(issued);
      assertThat(longSum(METRIC_OPERATION_SLOW)).isEqualTo(issued);
      assertThat(longSum(METRIC_OPERATION_ERRORS)).isEqualTo(failed);
      long reads = defaults.snapshot().cache().hits() + defaults.snapshot().cache().misses();
      assertThat(reads).isPositive();
      assertThat(longSum(METRIC_CACHE_REQUESTS)).isEqualTo(reads);
    }
  }

  private long longSum(String metric) {
    return otel.metric(metric).getLongSumData().getPoints().stream()
        .mapToLong(LongPointData::getValue)
        .sum();
  }

  @Test
  void theHitRatioGaugeIsReportedOverallAndPerProject() {
    ClientScope server = telemetry.scope("h", 1, 0);
    ClientScope a = server.withProject("11111111-1111-4111-8111-111111111111");
    ClientScope b = server.withProject("22222222-2222-4222-8222-222222222222");
    dev.redlens.core.catalog.CommandArguments key =
        dev.redlens.core.catalog.CommandArguments.of("k");
    a.start("GET", key).end("v");
    a.start("GET", key).end("v");
    a.start("GET", key).end("v");
    a.start("GET", key).end(null); // a: 3 hits, 1 miss
    b.start("GET", key).end(null); // b: 1 miss

    var points = otel.metric(METRIC_CACHE_HIT_RATIO).getDoubleGaugeData().getPoints();
    java.util.Map<String, Double> byProject = new java.util.HashMap<>();
    points.forEach(
        p ->
            byProject.put(String.valueOf(p.getAttributes().get(REDLENS_PROJECT_ID)), p.getValue()));
    assertThat(byProject)
        .containsEntry("null", 0.6) // overall: 3 of 5
        .containsEntry("11111111-1111-4111-8111-111111111111", 0.75)
        .containsEntry("22222222-2222-4222-8222-222222222222", 0.0)
        .hasSize(3);
  }

  @Test
  void withTracingOffCommandsHaveMetricsAndStatisticsButNoSpans() {
    try (RedisTelemetry metricsOnly =
        RedisTelemetry.builder(otel.openTelemetry()).setTracingEnabled(false).build()) {
      metricsOnly
          .scope("h", 1, 0)
          .start("GET", dev.redlens.core.catalog.CommandArguments.of("k"))
          .end(null);
      assertThat(otel.finishedSpans()).isEmpty();
      assertThat(otel.durationCount("GET")).isEqualTo(1);
      assertThat(otel.cacheRequests("GET", "miss")).isEqualTo(1);
      assertThat(metricsOnly.snapshot().command("GET").count()).isEqualTo(1);
    }
  }

  @Test
  void subcommandsAreFirstClass() {
    scope.start("CLIENT", CommandArguments.of("LIST")).end("id=1 addr=…");
    scope.start("config", CommandArguments.of("get", "maxmemory")).end(List.of("maxmemory", "0"));

    assertThat(otel.finishedSpans())
        .extracting(SpanData::getName)
        .containsExactly("CLIENT LIST", "CONFIG GET");
    assertThat(telemetry.snapshot().commands()).containsKeys("CLIENT LIST", "CONFIG GET");
  }

  @Test
  void anErrorReplyIsACommandErrorWithTheRedisPrefix() {
    scope
        .start("INCR", CommandArguments.of("counter"))
        .endWithErrorReply("WRONGTYPE Operation against a key holding the wrong kind of value");

    SpanData span = onlySpan();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span)
        .hasAttributesSatisfying(
            equalTo(ERROR_TYPE, "command"), equalTo(DB_RESPONSE_STATUS_CODE, "WRONGTYPE"));
    LongPointData errors = onlyLongPoint(METRIC_OPERATION_ERRORS);
    assertThat(errors.getValue()).isEqualTo(1);
    assertThat(errors.getAttributes())
        .isEqualTo(
            Attributes.of(
                ERROR_TYPE,
                "command",
                DB_RESPONSE_STATUS_CODE,
                "WRONGTYPE",
                REDIS_COMMAND_CATEGORY,
                "write"));
    assertThat(onlyHistogramPoint().getAttributes().get(ERROR_TYPE)).isEqualTo("command");
  }

  @Test
  void exceptionsAreClassifiedByKind() {
    scope.start("GET", CommandArguments.of("a")).endWithException(new TimeoutException("1 s"));
    scope
        .start("GET", CommandArguments.of("b"))
        .endWithException(new IOException("Connection reset by peer"));
    scope.start("GET", CommandArguments.of("c")).endWithException(new CancellationException());
    scope.start("GET", CommandArguments.of("d")).endWithException(new IllegalStateException("odd"));

    assertThat(otel.finishedSpans())
        .extracting(s -> s.getAttributes().get(ERROR_TYPE))
        .containsExactly("timeout", "connection", "cancelled", "_OTHER");
    assertThat(telemetry.snapshot().errorsByType())
        .containsEntry("timeout", 1L)
        .containsEntry("connection", 1L)
        .containsEntry("cancelled", 1L)
        .containsEntry("_OTHER", 1L);
  }

  @Test
  void onlyTheFirstEndCounts() {
    RedisOperation operation = scope.start("GET", CommandArguments.of("k"));
    operation.end("v");
    operation.endWithException(new CancellationException());
    operation.end(null);

    assertThat(otel.finishedSpans()).hasSize(1);
    assertThat(telemetry.snapshot().operations()).isEqualTo(1);
    assertThat(telemetry.snapshot().errors()).isZero();
    assertThat(telemetry.snapshot().cache().hits()).isEqualTo(1);
  }

  @Test
  void hitsAndMissesOfSingleAndMultiKeyReads() {
    scope.start("GET", CommandArguments.of("present")).end("value");
    scope.start("GET", CommandArguments.of("absent")).end(null);
    scope.start("MGET", CommandArguments.of("a", "b", "c")).end(Arrays.asList("1", null, "3"));
    scope.start("HGETALL", CommandArguments.of("h")).end(java.util.Map.of());
    scope.start("SET", CommandArguments.of("k", "v")).end("OK");

    List<SpanData> spans = otel.finishedSpans();
    assertThat(spans.get(0).getAttributes().get(REDIS_CACHE_RESULT)).isEqualTo("hit");
    assertThat(spans.get(1).getAttributes().get(REDIS_CACHE_RESULT)).isEqualTo("miss");
    assertThat(spans.get(2).getAttributes().get(REDIS_CACHE_HITS)).isEqualTo(2L);
    assertThat(spans.get(2).getAttributes().get(REDIS_CACHE_MISSES)).isEqualTo(1L);
    assertThat(spans.get(3).getAttributes().get(REDIS_CACHE_RESULT)).isEqualTo("miss");
    assertThat(spans.get(4).getAttributes().get(REDIS_CACHE_RESULT)).isNull();

    TelemetrySnapshot.CacheStatistics cache = telemetry.snapshot().cache();
    assertThat(cache.hits()).isEqualTo(3);
    assertThat(cache.misses()).isEqualTo(3);
    assertThat(cache.hitRatio()).isEqualTo(0.5);
    assertThat(cache.windowHitRatio()).isEqualTo(0.5);

    MetricData requests = otel.metric(METRIC_CACHE_REQUESTS);
    long mgetHits =
        requests.getLongSumData().getPoints().stream()
            .filter(p -> "MGET".equals(p.getAttributes().get(DB_OPERATION_NAME)))
            .filter(p -> "hit".equals(p.getAttributes().get(REDIS_CACHE_RESULT)))
            .mapToLong(LongPointData::getValue)
            .sum();
    assertThat(mgetHits).isEqualTo(2);
    assertThat(otel.metric(METRIC_CACHE_HIT_RATIO).getDoubleGaugeData().getPoints())
        .singleElement()
        .satisfies(p -> assertThat(p.getValue()).isEqualTo(0.5));
  }

  @Test
  void slowOperationsAreCountedAgainstTheThreshold() {
    try (RedisTelemetry everythingSlow =
            RedisTelemetry.builder(otel.openTelemetry())
                .setSlowOperationThreshold(Duration.ofNanos(1))
                .build();
        RedisTelemetry nothingSlow =
            RedisTelemetry.builder(otel.openTelemetry())
                .setSlowOperationThreshold(Duration.ofHours(1))
                .build()) {
      everythingSlow.scope("h", 1, 0).start("GET", CommandArguments.of("k")).end("v");
      nothingSlow.scope("h", 1, 0).start("GET", CommandArguments.of("k")).end("v");

      assertThat(everythingSlow.snapshot().slowOperations()).isEqualTo(1);
      assertThat(everythingSlow.snapshot().command("GET").slow()).isEqualTo(1);
      assertThat(nothingSlow.snapshot().slowOperations()).isZero();
      assertThat(onlyLongPoint(METRIC_OPERATION_SLOW).getAttributes())
          .isEqualTo(Attributes.of(DB_OPERATION_NAME, "GET", REDIS_COMMAND_CATEGORY, "read"));
    }
  }

  @Test
  void customOperationsCarryTheProjectAndRethrowTheBodysException() throws Exception {
    String project = "6f1c2a7e-8d3b-4f5a-9c0d-1e2f3a4b5c6d";
    String result =
        telemetry.traceOperation(
            "CUSTOM_OPERATION",
            project,
            () -> {
              assertThat(Span.current().getSpanContext().isValid()).isTrue();
              return "done";
            });
    assertThat(result).isEqualTo("done");
    assertThatThrownBy(
            () ->
                telemetry.traceOperation(
                    "CUSTOM_OPERATION",
                    project,
                    () -> {
                      throw new IOException("boom");
                    }))
        .isInstanceOf(IOException.class)
        .hasMessage("boom");

    List<SpanData> spans = otel.finishedSpans();
    assertThat(spans).hasSize(2);
    assertThat(spans.get(0))
        .hasName("CUSTOM_OPERATION")
        .hasAttributesSatisfying(
            equalTo(REDLENS_PROJECT_ID, project), equalTo(REDIS_COMMAND_CATEGORY, "other"));
    assertThat(spans.get(1).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(spans.get(1).getEvents())
        .anySatisfy(e -> assertThat(e.getName()).isEqualTo("exception"));
    assertThat(telemetry.snapshot().command("CUSTOM_OPERATION").count()).isEqualTo(2);
    assertThat(telemetry.snapshot().command("CUSTOM_OPERATION").errors()).isEqualTo(1);
    assertThat(telemetry.snapshot().categories().get(CommandCategory.OTHER).errorRate())
        .isEqualTo(0.5);
  }

  @Test
  void theParentIsTheCallersCurrentContext() {
    Span parent = otel.openTelemetry().getTracer("test").spanBuilder("parent").startSpan();
    try (Scope ignored = parent.makeCurrent()) {
      scope.start("PING", CommandArguments.EMPTY).end("PONG");
    }
    parent.end();
    SpanData ping = otel.finishedSpans().get(0);
    assertThat(ping.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
    assertThat(ping.getTraceId()).isEqualTo(parent.getSpanContext().getTraceId());
  }

  @Test
  void projectIdsOnMetricsAreBoundedAndTotalsStayExact() {
    try (RedisTelemetry bounded =
        RedisTelemetry.builder(otel.openTelemetry()).setMaxProjects(2).build()) {
      ClientScope server = bounded.scope("h", 1, 0);
      for (int i = 0; i < 5; i++) {
        server.withProject("project-" + i).start("GET", CommandArguments.of("k")).end("v");
      }
      List<LongPointData> points =
          otel.metric(METRIC_CACHE_REQUESTS).getLongSumData().getPoints().stream()
              .filter(p -> p.getAttributes().get(REDLENS_PROJECT_ID) != null)
              .toList();
      assertThat(points)
          .extracting(p -> p.getAttributes().get(REDLENS_PROJECT_ID))
          .containsExactlyInAnyOrder("project-0", "project-1", OVERFLOW_VALUE);
      assertThat(points.stream().mapToLong(LongPointData::getValue).sum()).isEqualTo(5);
      assertThat(otel.finishedSpans())
          .extracting(s -> s.getAttributes().get(REDLENS_PROJECT_ID))
          .contains("project-4");
    }
  }

  @Test
  void unknownCommandsAreOtherAndTheirNamesBounded() {
    try (RedisTelemetry bounded =
        RedisTelemetry.builder(otel.openTelemetry()).setMaxUnknownCommands(1).build()) {
      ClientScope server = bounded.scope("h", 1, 0);
      server.start("MYMODULE.FIRST", CommandArguments.of("x")).end(null);
      server.start("MYMODULE.SECOND", CommandArguments.of("x")).end(null);
      assertThat(bounded.snapshot().commands()).containsOnlyKeys("MYMODULE.FIRST", OVERFLOW_VALUE);
      assertThat(bounded.snapshot().command("MYMODULE.FIRST").category())
          .isEqualTo(CommandCategory.OTHER);
    }
  }

  @Test
  void badConfigurationFailsFast() {
    var builder = RedisTelemetry.builder(otel.openTelemetry());
    assertThatThrownBy(() -> builder.setSlowOperationThreshold(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.setMaxProjects(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.setMaxQueryTextLength(3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.setMaxSeriesPerInstrument(9))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private SpanData onlySpan() {
    assertThat(otel.finishedSpans()).hasSize(1);
    return otel.finishedSpans().get(0);
  }

  private HistogramPointData onlyHistogramPoint() {
    MetricData metric = otel.metric(METRIC_OPERATION_DURATION);
    assertThat(metric).hasUnit("s");
    List<HistogramPointData> points = List.copyOf(metric.getHistogramData().getPoints());
    assertThat(points).as("points of %s", METRIC_OPERATION_DURATION).hasSize(1);
    return points.get(0);
  }

  private LongPointData onlyLongPoint(String name) {
    MetricData metric = otel.metric(name);
    List<LongPointData> points = List.copyOf(metric.getLongSumData().getPoints());
    assertThat(points).hasSize(1);
    return points.get(0);
  }
}
