package dev.redlens.service.internal.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.core.RedlensSemconv;
import dev.redlens.project.ProjectKeyspace;
import dev.redlens.project.rewrite.ProjectIsolationException;
import dev.redlens.testing.InMemoryTelemetry;
import dev.redlens.testing.RedisServer;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The service's two kinds of connections against a real Redis with an in-memory SDK: a project's
 * commands go through pooled connections scoped by redlens-project and are recorded exactly once
 * (one span, one duration point) and counted with {@code redlens.project.id}; administrative
 * commands are recorded once without a project; the pool metrics are Redlens's alone.
 *
 * <p>"Exactly once" is checked after a sentinel command: the commands of one connection complete in
 * order on its event loop, and a command's recordings (however many listeners there are) end in its
 * completion, so once the sentinel's span has ended every earlier command's spans, duplicates
 * included, have ended too.
 */
class RedisConnectorTelemetryTest {

  static final AttributeKey<String> PROJECT = RedlensSemconv.REDLENS_PROJECT_ID;
  static final AttributeKey<String> OPERATION = RedlensSemconv.DB_OPERATION_NAME;
  static final String SENTINEL = "ECHO";

  static RedisServer redis;
  InMemoryTelemetry otel;
  RedisTelemetry telemetry;
  RedisConnector connector;

  @BeforeAll
  static void startRedis() {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @BeforeEach
  void start() {
    otel = new InMemoryTelemetry();
    telemetry = RedisTelemetry.create(otel.openTelemetry());
    connector =
        new RedisConnector(redis.uri(), telemetry, 4, Duration.ofSeconds(2), Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() {
    connector.close();
    telemetry.close();
    otel.close();
  }

  /** The spans that ended before the sentinel's (which is awaited), the sentinel excluded. */
  private List<SpanData> spansBeforeSentinel() {
    assertThat(otel.awaitSpans(SENTINEL, 1)).as("the sentinel's span").hasSize(1);
    return otel.finishedSpans().stream().filter(s -> !s.getName().equals(SENTINEL)).toList();
  }

  private static Map<String, Long> countByName(List<SpanData> spans) {
    return spans.stream().collect(Collectors.groupingBy(SpanData::getName, Collectors.counting()));
  }

  private List<HistogramPointData> durationPoints(String operation) {
    MetricData metric = otel.metric(RedlensSemconv.METRIC_OPERATION_DURATION);
    assertThat(metric).isNotNull();
    return metric.getHistogramData().getPoints().stream()
        .filter(p -> operation.equals(p.getAttributes().get(OPERATION)))
        .toList();
  }

  @Test
  void eachProjectCommandIsOneSpanAndOneDurationPointAndCountedForTheProject() {
    String project = UUID.randomUUID().toString();
    ProjectKeyspace keyspace = connector.keyspace(UUID.fromString(project));
    otel.reset();

    connector.withProject(
        keyspace,
        connection -> {
          var sync = connection.sync();
          sync.set("k", "v");
          sync.get("k");
          sync.get("missing");
          assertThatThrownBy(() -> sync.incr("k"))
              .isInstanceOf(RedisCommandExecutionException.class);
          // pipelined through the async API, as the cache endpoint does
          List<RedisFuture<String>> pipelined =
              List.of(
                  connection.async().set("p:1", "1"),
                  connection.async().set("p:2", "2"),
                  connection.async().set("p:3", "3"));
          for (RedisFuture<String> f : pipelined) {
            assertThat(f.toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join())
                .isEqualTo("OK");
          }
          sync.echo("end");
          return null;
        });

    List<SpanData> spans = spansBeforeSentinel();
    assertThat(countByName(spans))
        .containsExactlyInAnyOrderEntriesOf(Map.of("SET", 4L, "GET", 2L, "INCR", 1L));
    assertThat(spans)
        .allSatisfy(
            s -> {
              assertThat(s.getAttributes().get(PROJECT)).as(s.getName()).isEqualTo(project);
              assertThat(s.getInstrumentationScopeInfo().getName())
                  .isEqualTo(RedlensSemconv.INSTRUMENTATION_SCOPE);
            });
    // the library sent the namespaced key; the span shows what reached the server
    assertThat(otel.spans("GET").get(0).getAttributes().get(RedlensSemconv.DB_QUERY_TEXT))
        .isEqualTo("GET project:{" + project + "}:k");

    // one duration point per command, no twin; the project is on the spans and the counters, not
    // on the duration histogram (the cardinality budget)
    List<HistogramPointData> sets = durationPoints("SET");
    assertThat(sets).hasSize(1);
    assertThat(sets.get(0).getCount()).isEqualTo(4);
    assertThat(sets.get(0).getAttributes().get(PROJECT)).isNull();
    assertThat(durationPoints("GET"))
        .singleElement()
        .satisfies(p -> assertThat(p.getCount()).isEqualTo(2))
        .satisfies(p -> assertThat(p.getAttributes().get(PROJECT)).isNull());
    for (String counter :
        List.of(RedlensSemconv.METRIC_CACHE_REQUESTS, RedlensSemconv.METRIC_OPERATION_ERRORS)) {
      var points = otel.metric(counter).getLongSumData().getPoints();
      assertThat(points)
          .as(counter)
          .allSatisfy(p -> assertThat(p.getAttributes().get(PROJECT)).isEqualTo(project));
      assertThat(points.stream().mapToLong(p -> p.getValue()).sum())
          .as(counter)
          .isEqualTo(counter.equals(RedlensSemconv.METRIC_CACHE_REQUESTS) ? 2 : 1);
    }
    assertThat(durationPoints("INCR"))
        .singleElement()
        .satisfies(p -> assertThat(p.getCount()).isEqualTo(1))
        .satisfies(p -> assertThat(p.getAttributes().get(RedlensSemconv.ERROR_TYPE)).isNotNull());
    assertThat(telemetry.snapshot(project).operations()).isEqualTo(8); // the sentinel included
    assertThat(telemetry.snapshot().operations()).isEqualTo(8);

    assertThat(redis.execute("EXISTS", "project:{" + project + "}:k")).isEqualTo("1");
    assertThat(redis.execute("EXISTS", "k")).isEqualTo("0");
  }

  @Test
  void aRefusedCommandNeverReachesRedisAndIsRecordedOnce() {
    String project = UUID.randomUUID().toString();
    ProjectKeyspace keyspace = connector.keyspace(UUID.fromString(project));
    redis.execute("SET", "outside", "1");
    otel.reset();

    connector.withProjectCommands(
        keyspace,
        sync -> {
          assertThatThrownBy(sync::flushdb).isInstanceOf(ProjectIsolationException.class);
          sync.echo("end");
          return null;
        });

    assertThat(countByName(spansBeforeSentinel())).containsExactlyEntriesOf(Map.of("FLUSHDB", 1L));
    assertThat(otel.span("FLUSHDB").getAttributes().get(PROJECT)).isEqualTo(project);
    assertThat(redis.execute("EXISTS", "outside")).isEqualTo("1");
  }

  @Test
  void administrativeCommandsAreRecordedOnceWithoutAProject() {
    String project = UUID.randomUUID().toString();
    ProjectKeyspace keyspace = connector.keyspace(UUID.fromString(project));
    String other = UUID.randomUUID().toString();
    connector.withProjectCommands(
        keyspace, sync -> sync.mset(Map.of("a", "1", "b", "2", "c", "3")));
    connector.withProjectCommands(
        connector.keyspace(UUID.fromString(other)), sync -> sync.set("a", "1"));
    assertThat(otel.awaitSpans("MSET", 1))
        .hasSize(1); // recorded just after the reply: not after the reset
    assertThat(otel.awaitSpans("SET", 1)).hasSize(1);
    otel.reset();

    assertThat(connector.ping()).isEqualTo("PONG");
    assertThat(connector.deleteProjectKeys(keyspace)).isEqualTo(3);
    connector.withAdmin(connection -> connection.sync().echo("end"));

    List<SpanData> spans = spansBeforeSentinel();
    assertThat(countByName(spans))
        .containsEntry("PING", 1L)
        .containsEntry("UNLINK", 1L)
        .containsKey("SCAN");
    assertThat(spans)
        .allSatisfy(
            s -> {
              assertThat(s.getAttributes().get(PROJECT)).as(s.getName()).isNull();
              // the administrative client is instrumented client-wide, with its server
              assertThat(s.getAttributes().get(RedlensSemconv.SERVER_ADDRESS))
                  .isEqualTo(redis.host());
            });
    assertThat(durationPoints("PING"))
        .singleElement()
        .satisfies(p -> assertThat(p.getCount()).isEqualTo(1));
    assertThat(redis.execute("EXISTS", "project:{" + project + "}:a")).isEqualTo("0");
    assertThat(redis.execute("EXISTS", "project:{" + other + "}:a")).isEqualTo("1");
  }

  @Test
  void poolMetricsAreRedlensAloneAndTheStatusReadsTheirSnapshot() {
    ProjectKeyspace keyspace = connector.keyspace(UUID.randomUUID());
    Map<String, Object> during =
        connector.withProjectCommands(
            keyspace,
            sync -> {
              sync.set("k", "v");
              return connector.pool().status();
            });
    assertThat(during)
        .containsEntry("active", 1)
        .containsEntry("max", 4)
        .containsEntry("waiters", 0);
    assertThat((Double) during.get("utilization")).isEqualTo(0.25);

    Map<String, Object> after = connector.pool().status();
    assertThat(after)
        .containsEntry("name", connector.pool().name())
        .containsEntry("active", 0)
        .containsEntry("idle", 1)
        .containsEntry("timeouts", 0L)
        .containsEntry("failures", 0L);
    assertThat(connector.pool().name()).isEqualTo(redis.host() + ":" + redis.port() + "/0");
    @SuppressWarnings("unchecked")
    Map<String, Object> errors = (Map<String, Object>) after.get("connection_errors");
    assertThat(errors).containsOnlyKeys("connect", "timeout", "closed", "auth");

    List<MetricData> pool =
        otel.collect().stream()
            .filter(m -> m.getName().startsWith("db.client.connection."))
            .toList();
    assertThat(pool)
        .extracting(MetricData::getName)
        .doesNotHaveDuplicates()
        .contains(
            "db.client.connection.count",
            "db.client.connection.max",
            "db.client.connection.idle.max",
            "db.client.connection.idle.min",
            "db.client.connection.pending_requests",
            "db.client.connection.timeouts",
            "db.client.connection.create_time",
            "db.client.connection.wait_time",
            "db.client.connection.use_time");
    assertThat(pool)
        .allSatisfy(
            m ->
                assertThat(m.getInstrumentationScopeInfo().getName())
                    .as(m.getName())
                    .isEqualTo(RedlensSemconv.INSTRUMENTATION_SCOPE));
    MetricData max = otel.metric("db.client.connection.max");
    assertThat(max.getLongSumData().getPoints())
        .singleElement()
        .satisfies(p -> assertThat(p.getValue()).isEqualTo(4));
    for (String histogram :
        List.of(
            "db.client.connection.create_time",
            "db.client.connection.wait_time",
            "db.client.connection.use_time")) {
      assertThat(otel.metric(histogram).getHistogramData().getPoints())
          .as(histogram)
          .singleElement()
          .satisfies(p -> assertThat(p.getCount()).isEqualTo(1));
    }
  }

  @Test
  void anExhaustedPoolCountsATimeoutAndAnswersUnavailable() {
    try (RedisConnector small =
        new RedisConnector(
            redis.uri(), telemetry, 1, Duration.ofMillis(200), Duration.ofSeconds(5))) {
      ProjectKeyspace keyspace = small.keyspace(UUID.randomUUID());
      small.withProjectCommands(
          keyspace,
          outer -> {
            assertThatThrownBy(() -> small.withProjectCommands(keyspace, inner -> inner.ping()))
                .isInstanceOf(RedisUnavailableException.class)
                .hasMessageContaining("no pooled Redis connection became free");
            return null;
          });
      assertThat(small.pool().status()).containsEntry("timeouts", 1L).containsEntry("failures", 1L);
      assertThat(small.pool().failures()).isEqualTo(1);
    }
  }
}
