package dev.redlens.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.core.RedlensSemconv;
import dev.redlens.core.TelemetrySnapshot;
import dev.redlens.lettuce.LettuceTelemetry;
import dev.redlens.project.rewrite.ProjectIsolationException;
import dev.redlens.testing.InMemoryTelemetry;
import dev.redlens.testing.RedisServerExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ProjectTelemetryTest {

  @RegisterExtension static final RedisServerExtension redis = RedisServerExtension.create();

  @Test
  void scopedConnectionsRecordTheProjectOnSpansMetricsAndSnapshots() {
    String a = UUID.randomUUID().toString();
    String b = UUID.randomUUID().toString();
    try (InMemoryTelemetry otel = new InMemoryTelemetry()) {
      RedisTelemetry telemetry = RedisTelemetry.create(otel.openTelemetry());
      ClientResources resources =
          LettuceTelemetry.create(telemetry).configure(ClientResources.builder()).build();
      RedisClient client = RedisClient.create(resources, redis.server().uri());
      try (StatefulRedisConnection<String, String> ca =
              ProjectKeyspace.of(a).withTelemetry(telemetry).connect(client);
          StatefulRedisConnection<String, String> cb =
              ProjectKeyspace.of(b).withTelemetry(telemetry).connect(client)) {
        ca.sync().set("k", "v");
        ca.sync().get("k");
        ca.sync().get("missing");
        cb.sync().get("k");
        assertThatThrownBy(() -> ca.sync().flushdb()).isInstanceOf(ProjectIsolationException.class);

        SpanData set = otel.span("SET");
        assertThat(set.getAttributes().get(RedlensSemconv.REDLENS_PROJECT_ID)).isEqualTo(a);
        assertThat(otel.awaitSpans("GET", 3))
            .extracting(s -> s.getAttributes().get(RedlensSemconv.REDLENS_PROJECT_ID))
            .containsExactlyInAnyOrder(a, a, b);
        assertThat(otel.span("FLUSHDB").getAttributes().get(RedlensSemconv.REDLENS_PROJECT_ID))
            .isEqualTo(a);

        TelemetrySnapshot snapshotA = telemetry.snapshot(a);
        assertThat(snapshotA.command("GET").count()).isEqualTo(2);
        assertThat(snapshotA.command("SET").count()).isEqualTo(1);
        assertThat(snapshotA.command("FLUSHDB").errors()).isEqualTo(1);
        assertThat(snapshotA.cache().hits()).isEqualTo(1);
        assertThat(snapshotA.cache().misses()).isEqualTo(1);
        TelemetrySnapshot snapshotB = telemetry.snapshot(b);
        assertThat(snapshotB.operations()).isEqualTo(1);
        assertThat(snapshotB.cache().misses()).isEqualTo(1);
        assertThat(telemetry.snapshot().operations()).isEqualTo(5);
        assertThat(telemetry.snapshot(UUID.randomUUID().toString()).operations()).isZero();

        // the project is on the counters, not on the duration histogram (cardinality budget)
        MetricData cacheRequests = otel.metric(RedlensSemconv.METRIC_CACHE_REQUESTS);
        assertThat(cacheRequests.getLongSumData().getPoints())
            .extracting(p -> p.getAttributes().get(RedlensSemconv.REDLENS_PROJECT_ID))
            .contains(a, b);
        MetricData duration = otel.metric(RedlensSemconv.METRIC_OPERATION_DURATION);
        assertThat(duration.getHistogramData().getPoints())
            .extracting(p -> p.getAttributes().get(RedlensSemconv.REDLENS_PROJECT_ID))
            .containsOnlyNulls();
      } finally {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown();
      }
    }
  }

  @Test
  void aScopedPooledConnectionReportsTheServerItWasToldOf() {
    String project = UUID.randomUUID().toString();
    try (InMemoryTelemetry otel = new InMemoryTelemetry()) {
      RedisTelemetry telemetry = RedisTelemetry.create(otel.openTelemetry());
      io.lettuce.core.RedisURI uri =
          io.lettuce.core.RedisURI.create(redis.server().uri() + "/3"); // database 3
      ClientResources resources =
          LettuceTelemetry.create(telemetry).configure(ClientResources.builder()).build();
      RedisClient client = RedisClient.create(resources, uri);
      try (StatefulRedisConnection<String, String> raw = client.connect()) {
        ProjectKeyspace.of(project).withTelemetry(telemetry).scope(raw, uri).sync().set("k", "v");
        SpanData set = otel.span("SET");
        assertThat(set.getAttributes().get(RedlensSemconv.SERVER_ADDRESS)).isEqualTo("127.0.0.1");
        assertThat(set.getAttributes().get(RedlensSemconv.SERVER_PORT))
            .isEqualTo((long) redis.server().port());
        assertThat(set.getAttributes().get(RedlensSemconv.DB_NAMESPACE)).isEqualTo("3");
        assertThat(set.getAttributes().get(RedlensSemconv.REDLENS_PROJECT_ID)).isEqualTo(project);
      } finally {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown();
      }
    }
  }

  @Test
  void aFloodOfProjectIdsIsBoundedOnMetricsWithExactTotals() {
    int bound = 1000;
    int projects = 10_000;
    try (InMemoryTelemetry otel = new InMemoryTelemetry()) {
      RedisTelemetry telemetry = RedisTelemetry.create(otel.openTelemetry());
      for (int i = 0; i < projects; i++) {
        telemetry
            .startOperation("GET", new UUID(0x1234L, i).toString())
            .endWithCacheResult(i % 2, 1 - i % 2);
      }
      for (MetricData metric : otel.collect()) {
        Set<String> ids = new HashSet<>();
        long total = 0;
        for (PointData point : metric.getData().getPoints()) {
          String id = point.getAttributes().get(RedlensSemconv.REDLENS_PROJECT_ID);
          if (id != null) {
            ids.add(id);
          }
          if (point instanceof io.opentelemetry.sdk.metrics.data.HistogramPointData h) {
            total += h.getCount();
          } else if (point instanceof io.opentelemetry.sdk.metrics.data.LongPointData l) {
            total += l.getValue();
          }
        }
        assertThat(ids).as(metric.getName()).hasSizeLessThanOrEqualTo(bound + 1);
        if (metric.getName().equals(RedlensSemconv.METRIC_CACHE_REQUESTS)) {
          assertThat(ids).contains(RedlensSemconv.OVERFLOW_VALUE);
        }
        if (metric.getName().equals(RedlensSemconv.METRIC_OPERATION_DURATION)) {
          assertThat(ids).isEmpty(); // not on the histogram unless asked for
        }
        if (metric.getName().equals(RedlensSemconv.METRIC_OPERATION_DURATION)
            || metric.getName().equals(RedlensSemconv.METRIC_CACHE_REQUESTS)) {
          assertThat(total).as(metric.getName()).isEqualTo(projects);
        }
      }
      assertThat(telemetry.snapshot().operations()).isEqualTo(projects);
      assertThat(telemetry.snapshot(RedlensSemconv.OVERFLOW_VALUE).operations())
          .isEqualTo(projects - bound);
      assertThat(telemetry.snapshot(new UUID(0x1234L, 0).toString()).operations()).isEqualTo(1);
    }
  }
}
