package dev.redlens.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redlens.conformance.drivers.JedisClientDriver;
import dev.redlens.core.RedisTelemetry;
import dev.redlens.core.RedlensSemconv;
import dev.redlens.project.rewrite.ProjectIsolationException;
import dev.redlens.testing.InMemoryTelemetry;
import dev.redlens.testing.RedisServerExtension;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.UnifiedJedis;

class JedisProjectTelemetryTest {

  @RegisterExtension static final RedisServerExtension redis = RedisServerExtension.create();

  @Test
  void eachCommandIsOneSpanAndOneDurationPointWithTheProject() {
    String project = UUID.randomUUID().toString();
    try (InMemoryTelemetry otel = new InMemoryTelemetry()) {
      RedisTelemetry telemetry = RedisTelemetry.create(otel.openTelemetry());
      try (UnifiedJedis jedis =
          ProjectKeyspace.of(project)
              .withTelemetry(telemetry)
              .jedisPooled(
                  new HostAndPort(redis.server().host(), redis.server().port()),
                  DefaultJedisClientConfig.builder()
                      .database(2)
                      .socketTimeoutMillis(10_000)
                      .build(),
                  null)) {
        jedis.set("k", "v");
        jedis.get("k");
        jedis.get("missing");
        try (AbstractPipeline pipeline = JedisClientDriver.openPipeline(jedis)) {
          pipeline.get("k");
          pipeline.keys("*");
          pipeline.sync();
        }
        try (AbstractTransaction tx = jedis.multi()) {
          tx.incr("n");
          tx.get("k");
          tx.exec();
        }
        assertThatThrownBy(jedis::flushDB).isInstanceOf(ProjectIsolationException.class);

        // exactly one span per command: 3 GETs plain/pipelined + 1 in the transaction; the
        // handshake is not
        // recorded
        List<SpanData> spans = otel.finishedSpans();
        assertThat(spans)
            .extracting(SpanData::getName)
            .containsExactlyInAnyOrder(
                "SET", "GET", "GET", "GET", "KEYS", "MULTI", "INCR", "GET", "EXEC", "FLUSHDB");
        assertThat(spans)
            .allSatisfy(
                span -> {
                  assertThat(span.getAttributes().get(RedlensSemconv.REDLENS_PROJECT_ID))
                      .isEqualTo(project);
                  assertThat(span.getAttributes().get(RedlensSemconv.SERVER_PORT))
                      .isEqualTo((long) redis.server().port());
                  assertThat(span.getAttributes().get(RedlensSemconv.DB_NAMESPACE)).isEqualTo("2");
                });
        assertThat(otel.span("EXEC").getAttributes().get(RedlensSemconv.DB_OPERATION_BATCH_SIZE))
            .isEqualTo(2L);
        assertThat(otel.span("FLUSHDB").getStatus().getStatusCode())
            .isEqualTo(io.opentelemetry.api.trace.StatusCode.ERROR);
        // the query text is what the server ran: the key in the project's namespace
        assertThat(otel.span("SET").getAttributes().get(RedlensSemconv.DB_QUERY_TEXT))
            .contains("project:{" + project + "}:k");

        long points = 0;
        for (var point :
            otel.metric(RedlensSemconv.METRIC_OPERATION_DURATION).getHistogramData().getPoints()) {
          // the project is on the counters, not on the duration histogram (cardinality budget)
          assertThat(point.getAttributes().get(RedlensSemconv.REDLENS_PROJECT_ID)).isNull();
          points += ((HistogramPointData) point).getCount();
        }
        assertThat(points).isEqualTo(spans.size());
        for (String counter :
            List.of(RedlensSemconv.METRIC_CACHE_REQUESTS, RedlensSemconv.METRIC_OPERATION_ERRORS)) {
          assertThat(otel.metric(counter).getLongSumData().getPoints())
              .as(counter)
              .isNotEmpty()
              .allSatisfy(
                  point ->
                      assertThat(point.getAttributes().get(RedlensSemconv.REDLENS_PROJECT_ID))
                          .isEqualTo(project));
        }
        assertThat(telemetry.snapshot(project).command("GET").count()).isEqualTo(4);
        assertThat(telemetry.snapshot(project).cache().hits())
            .isEqualTo(2); // plain GET k, pipelined GET k
        assertThat(telemetry.snapshot(project).cache().misses()).isEqualTo(1);
        assertThat(telemetry.snapshot(project).command("FLUSHDB").errors()).isEqualTo(1);
      }
    }
  }
}
