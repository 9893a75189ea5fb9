package dev.redlens.lettuce;

import static dev.redlens.core.RedlensSemconv.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.testing.InMemoryTelemetry;
import dev.redlens.testing.RedisCluster;
import dev.redlens.testing.RedisClusterExtension;
import dev.redlens.testing.RedisServer;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.resource.ClientResources;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Lettuce {@code RedisClusterClient} made with configured resources, against a real cluster of
 * three masters with a replica each: every command names the node that owns its key's slot, a
 * redirection is one span on the node that answered, and topology commands make no spans.
 */
@Tag("cluster")
class LettuceClusterTest {

  @RegisterExtension static final RedisClusterExtension redis = RedisClusterExtension.create(3, 1);

  private final InMemoryTelemetry otel = new InMemoryTelemetry();
  private RedisTelemetry telemetry;
  private ClientResources resources;
  private RedisClusterClient client;
  private StatefulRedisClusterConnection<String, String> connection;

  @BeforeEach
  void connect() {
    telemetry = RedisTelemetry.create(otel.openTelemetry());
    resources = LettuceTelemetry.create(telemetry).configure(ClientResources.builder()).build();
    List<RedisURI> seeds = new ArrayList<>();
    redis.cluster().uris().forEach(uri -> seeds.add(RedisURI.create(uri)));
    client = RedisClusterClient.create(resources, seeds);
    connection = client.connect();
  }

  @AfterEach
  void close() {
    connection.close();
    client.shutdown();
    resources.shutdown();
    telemetry.close();
    otel.close();
  }

  @Test
  void everyCommandNamesTheMasterOfItsSlotSyncAsyncAndReactive() throws Exception {
    RedisCluster cluster = redis.cluster();
    for (int i = 0; i < 1000; i++) {
      String key = "key:" + i;
      switch (i % 3) {
        case 0 -> connection.sync().set(key, "v");
        case 1 -> connection.async().set(key, "v").get(10, TimeUnit.SECONDS);
        default -> connection.reactive().set(key, "v").block(Duration.ofSeconds(10));
      }
      connection.sync().get(key);
    }
    List<SpanData> spans = otel.finishedSpans();
    assertThat(spans).extracting(SpanData::getName).containsOnly("SET", "GET"); // no housekeeping
    assertThat(spans).hasSize(2000);
    for (SpanData span : spans) {
      String key = span.getAttributes().get(DB_QUERY_TEXT).split(" ")[1];
      RedisServer owner = cluster.masterForKey(key);
      assertThat(span.getAttributes().get(SERVER_PORT)).isEqualTo((long) owner.port());
      assertThat(span.getAttributes().get(NETWORK_PEER_PORT)).isEqualTo((long) owner.port());
    }
    List<Long> masterPorts = cluster.masters().stream().map(m -> (long) m.port()).toList();
    var points = otel.metric(METRIC_OPERATION_DURATION).getHistogramData().getPoints();
    assertThat(points)
        .allSatisfy(p -> assertThat(masterPorts).contains(p.getAttributes().get(SERVER_PORT)));
    assertThat(points.stream().mapToLong(p -> p.getCount()).sum()).isEqualTo(2000);
  }

  @Test
  void aMovedCommandIsOneSpanOnTheNodeThatAnsweredAndTheRedirectionIsCounted() {
    RedisCluster cluster = redis.cluster();
    String key = "moving";
    connection.sync().set(key, "v");
    RedisServer source = cluster.masterForKey(key);
    RedisServer target =
        cluster.masters().stream().filter(m -> !m.equals(source)).findFirst().orElseThrow();
    cluster.migrateSlot(cluster.slot(key), target);
    otel.reset();

    for (int i = 0; i < 10; i++) {
      assertThat(connection.sync().get(key)).isEqualTo("v");
    }

    List<SpanData> gets = otel.spans("GET");
    assertThat(gets).hasSize(10);
    assertThat(gets)
        .allSatisfy(
            s -> {
              assertThat(s.getAttributes().get(SERVER_PORT)).isEqualTo((long) target.port());
              assertThat(s.getAttributes().get(REDIS_CACHE_RESULT)).isEqualTo(CACHE_HIT);
              assertThat(s.getAttributes().get(ERROR_TYPE)).isNull();
            });
    assertThat(otel.durationCount("GET")).isEqualTo(10);
    Long redirections =
        otel.sumPoint(
            METRIC_CLUSTER_REDIRECTIONS,
            Attributes.builder()
                .put(REDIS_CLUSTER_REDIRECTION, REDIRECTION_MOVED)
                .put(SERVER_ADDRESS, source.host())
                .put(SERVER_PORT, (long) source.port())
                .build());
    // the first GET is redirected; Lettuce may update its slot cache after it (no more MOVED)
    assertThat(redirections).isBetween(1L, 10L);
    assertThat(telemetry.snapshot().command("GET").errors()).isZero();
  }

  @Test
  void aRedirectedCommandItsCallerCancelsEndsAtOnceOnTheNodeItWasSentOnTo() {
    // the caller's future is watched by the wrapper of the first write, which must follow the
    // operation to the node that takes it up; a BLPOP without timeout never ends on its own
    RedisCluster cluster = redis.cluster();
    String key = "moved-and-blocked";
    connection.sync().del(key);
    RedisServer source = cluster.masterForKey(key);
    RedisServer target =
        cluster.masters().stream().filter(m -> !m.equals(source)).findFirst().orElseThrow();
    cluster.migrateSlot(cluster.slot(key), target);
    otel.reset();

    var blocked = connection.async().blpop(0L, key);
    await().until(() -> target.execute("CLIENT", "LIST").contains("cmd=blpop"));
    blocked.cancel(true);

    await().until(() -> otel.spans("BLPOP").size() == 1);
    SpanData span = otel.spans("BLPOP").get(0);
    assertThat(span.getAttributes().get(ERROR_TYPE)).isEqualTo(ERROR_CANCELLED);
    assertThat(span.getAttributes().get(SERVER_PORT)).isEqualTo((long) target.port());
  }

  @Test
  void anAskedCommandIsOneSpanOnTheImportingNode() {
    RedisCluster cluster = redis.cluster();
    String key = "asked";
    connection.sync().set(key, "v");
    RedisServer source = cluster.masterForKey(key);
    RedisServer target =
        cluster.masters().stream().filter(m -> !m.equals(source)).findFirst().orElseThrow();
    var migration = cluster.startSlotMigration(cluster.slot(key), target);
    migration.moveKeys();
    otel.reset();

    assertThat(connection.sync().get(key)).isEqualTo("v");
    migration.complete();

    SpanData get = otel.span("GET");
    assertThat(otel.spans("GET")).hasSize(1);
    assertThat(get.getAttributes().get(SERVER_PORT)).isEqualTo((long) target.port());
    assertThat(get.getAttributes().get(REDIS_CACHE_RESULT)).isEqualTo(CACHE_HIT);
    assertThat(otel.spans("ASKING")).isEmpty();
    assertThat(
            otel.sumPoint(
                METRIC_CLUSTER_REDIRECTIONS,
                Attributes.builder()
                    .put(REDIS_CLUSTER_REDIRECTION, REDIRECTION_ASK)
                    .put(SERVER_ADDRESS, source.host())
                    .put(SERVER_PORT, (long) source.port())
                    .build()))
        .isEqualTo(1L);
  }

  @Test
  void aMultiKeyReadOverSlotsIsOneSpanPerNodePartWithTheCallerAsParent() throws Exception {
    RedisCluster cluster = redis.cluster();
    List<String> keys = new ArrayList<>();
    for (int i = 0; keys.size() < 6; i++) {
      keys.add("multi:" + i);
    }
    connection.sync().set(keys.get(0), "v");
    otel.reset();
    var parent = otel.openTelemetry().getTracer("test").spanBuilder("request").startSpan();
    try (var ignored = parent.makeCurrent()) {
      assertThat(connection.sync().mget(keys.toArray(String[]::new))).hasSize(6);
    }
    parent.end();

    List<SpanData> parts = otel.spans("MGET");
    long nodes = keys.stream().map(cluster::masterForKey).distinct().count();
    assertThat(nodes).isGreaterThan(1);
    assertThat(parts).hasSizeBetween((int) nodes, keys.size()); // Lettuce splits per slot
    long hits = 0;
    long misses = 0;
    for (SpanData part : parts) {
      assertThat(part.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
      String first = part.getAttributes().get(DB_QUERY_TEXT).split(" ")[1];
      assertThat(part.getAttributes().get(SERVER_PORT))
          .isEqualTo((long) cluster.masterForKey(first).port());
      Long partHits = part.getAttributes().get(REDIS_CACHE_HITS);
      Long partMisses = part.getAttributes().get(REDIS_CACHE_MISSES);
      boolean hit = CACHE_HIT.equals(part.getAttributes().get(REDIS_CACHE_RESULT));
      hits += partHits != null ? partHits : hit ? 1 : 0; // a one-key part has only the result
      misses += partMisses != null ? partMisses : hit ? 0 : 1;
    }
    assertThat(hits).isEqualTo(1);
    assertThat(misses).isEqualTo(5);
  }

  @Test
  void aSlotMigratedMidRunGivesOneSpanPerCommandAndExactHits() {
    RedisCluster cluster = redis.cluster();
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      keys.add("{mid}:" + i); // one slot
    }
    keys.forEach(k -> connection.sync().set(k, "v"));
    RedisServer source = cluster.masterForKey(keys.get(0));
    RedisServer target =
        cluster.masters().stream().filter(m -> !m.equals(source)).findFirst().orElseThrow();
    otel.reset();

    keys.forEach(k -> connection.sync().get(k)); // served by the source
    var migration = cluster.startSlotMigration(cluster.slot(keys.get(0)), target);
    migration.moveKeys();
    keys.forEach(k -> connection.sync().get(k)); // ASK: served by the target
    migration.complete();
    keys.forEach(k -> connection.sync().get(k)); // MOVED, then the client follows

    List<SpanData> gets = otel.spans("GET");
    assertThat(gets).hasSize(150);
    assertThat(gets)
        .allSatisfy(
            s -> assertThat(s.getAttributes().get(REDIS_CACHE_RESULT)).isEqualTo(CACHE_HIT));
    assertThat(gets.stream().filter(s -> s.getAttributes().get(SERVER_PORT) == target.port()))
        .hasSize(100);
    assertThat(otel.durationCount("GET")).isEqualTo(150);
    assertThat(telemetry.snapshot().cache().hits()).isEqualTo(150);
    assertThat(telemetry.snapshot().cache().misses()).isZero();
    Attributes askFromSource =
        Attributes.builder()
            .put(REDIS_CLUSTER_REDIRECTION, REDIRECTION_ASK)
            .put(SERVER_ADDRESS, source.host())
            .put(SERVER_PORT, (long) source.port())
            .build();
    assertThat(otel.sumPoint(METRIC_CLUSTER_REDIRECTIONS, askFromSource)).isEqualTo(50L);
  }
}
