package dev.redlens.jedis;

import static dev.redlens.core.RedlensSemconv.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.testing.InMemoryTelemetry;
import dev.redlens.testing.RedisCluster;
import dev.redlens.testing.RedisClusterExtension;
import dev.redlens.testing.RedisServer;
import dev.redlens.testing.SlotMigration;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.resps.ClusterShardInfo;

/**
 * {@link JedisTelemetry#cluster} against a real cluster of 3 masters with a replica each: every
 * command names the node that served it (its slot's owner per {@code CLUSTER SHARDS}), plain,
 * pipelined and in a transaction; each node has its own pool; Jedis's topology commands make no
 * spans; a command redirected after a slot moved is one operation on its new owner; after a
 * failover commands name the promoted replica.
 */
@Tag("cluster")
class JedisClusterTelemetryTest {

  @RegisterExtension static final RedisClusterExtension redis = RedisClusterExtension.create(3, 1);

  private static final int KEYS = 1_000;

  private final InMemoryTelemetry otel = new InMemoryTelemetry();
  private RedisTelemetry telemetry;
  private JedisCluster cluster;

  @BeforeEach
  void connect() {
    telemetry = RedisTelemetry.create(otel.openTelemetry());
    RedisServer seed = redis.cluster().seed();
    cluster =
        JedisTelemetry.create(telemetry)
            .cluster(
                Set.of(new HostAndPort(seed.host(), seed.port())),
                DefaultJedisClientConfig.builder().socketTimeoutMillis(10_000).build(),
                null);
  }

  @AfterEach
  void close() {
    cluster.close();
    telemetry.close();
    otel.close();
  }

  @Test
  void discoveringTheClusterMakesNoSpans() {
    assertThat(otel.finishedSpans()).isEmpty();
  }

  @Test
  void everyPlainCommandNamesTheOwnerOfItsSlot() {
    Map<Integer, Integer> ownerBySlot = ownersPerClusterShards();
    for (int i = 0; i < KEYS; i++) {
      cluster.set("key:" + i, "v" + i);
      assertThat(cluster.get("key:" + i)).isEqualTo("v" + i);
    }
    assertEveryCommandNamesItsOwner(ownerBySlot, "SET");
    assertEveryCommandNamesItsOwner(ownerBySlot, "GET");
    assertThat(otel.spans("GET"))
        .allSatisfy(s -> assertThat(s.getAttributes().get(REDIS_CACHE_RESULT)).isEqualTo("hit"));
  }

  @Test
  void everyPipelinedCommandNamesTheOwnerOfItsSlot() {
    Map<Integer, Integer> ownerBySlot = ownersPerClusterShards();
    try (AbstractPipeline pipeline = cluster.pipelined()) {
      for (int i = 0; i < KEYS; i++) {
        pipeline.set("key:" + i, "v" + i);
        pipeline.get("key:" + i);
      }
      pipeline.sync();
    }
    assertEveryCommandNamesItsOwner(ownerBySlot, "SET");
    assertEveryCommandNamesItsOwner(ownerBySlot, "GET");
  }

  /**
   * Jedis's cluster clients refuse {@code multi()}; a transaction runs on the connection of its
   * keys' slot ({@code getConnectionFromSlot}), a traced one.
   */
  @Test
  void aTransactionOnOneSlotNamesItsOwner() {
    RedisServer owner = redis.cluster().masterForKey("{order}:1");
    int slot = redis.cluster().slot("{order}:1");
    try (Transaction tx = new Transaction(cluster.getConnectionFromSlot(slot), true, true)) {
      tx.set("{order}:1", "a");
      tx.incr("{order}:count");
      tx.get("{order}:1");
      assertThat(tx.exec()).hasSize(3);
    }
    List<SpanData> spans = otel.finishedSpans();
    assertThat(spans)
        .extracting(SpanData::getName)
        .containsExactlyInAnyOrder("MULTI", "SET", "INCR", "GET", "EXEC");
    assertThat(spans)
        .allSatisfy(
            s -> assertThat(s.getAttributes().get(SERVER_PORT)).isEqualTo((long) owner.port()));
    assertThat(otel.span("EXEC").getAttributes().get(DB_OPERATION_BATCH_SIZE)).isEqualTo(3L);
  }

  @Test
  void eachNodeHasItsOwnRegisteredPool() {
    for (int i = 0; i < 100; i++) {
      cluster.set("key:" + i, "v");
    }
    Set<String> expected =
        redis.cluster().masters().stream()
            .map(m -> "127.0.0.1:" + m.port() + "/0")
            .collect(Collectors.toSet());
    assertThat(telemetry.pools().snapshot()).extracting(p -> p.name()).containsAll(expected);
    for (String pool : expected) {
      assertThat(
              otel.histogramCount(
                  METRIC_CONNECTION_CREATE_TIME, DB_CLIENT_CONNECTION_POOL_NAME, pool))
          .as(pool)
          .isPositive();
    }
    cluster.close();
    assertThat(telemetry.pools().snapshot()).isEmpty();
  }

  @Test
  void aCommandRedirectedAfterItsSlotMovedIsOneOperationOnTheNewOwner() {
    RedisCluster nodes = redis.cluster();
    cluster.set("moving", "v"); // the client now knows the slot's owner
    int slot = nodes.slot("moving");
    RedisServer source = nodes.masterOf(slot);
    RedisServer target = nodes.masters().stream().filter(m -> !m.equals(source)).findFirst().get();
    nodes.migrateSlot(slot, target);
    otel.reset();

    assertThat(cluster.get("moving")).isEqualTo("v"); // MOVED, then served by the target

    List<SpanData> gets = otel.spans("GET");
    assertThat(gets).hasSize(1);
    assertThat(gets.get(0).getAttributes().get(SERVER_PORT)).isEqualTo((long) target.port());
    assertThat(gets.get(0).getAttributes().get(REDIS_CACHE_RESULT)).isEqualTo("hit");
    assertThat(gets.get(0).getAttributes().get(ERROR_TYPE)).isNull();
    assertThat(otel.durationCount("GET")).isEqualTo(1);
    assertThat(otel.cacheRequests("GET", "hit")).isEqualTo(1);
    assertThat(otel.cacheRequests("GET", "miss")).isZero();
    assertThat(otel.finishedSpans()).extracting(SpanData::getName).containsOnly("GET");
    assertThat(otel.redirections(REDIRECTION_MOVED, source.port())).isEqualTo(1);

    // moved back: the second redirection on this thread is one operation too, and the first left
    // nothing waiting that the second would end (as a failed GET)
    nodes.migrateSlot(slot, source);
    otel.reset();
    assertThat(cluster.get("moving")).isEqualTo("v");
    assertThat(otel.finishedSpans())
        .singleElement()
        .satisfies(
            get -> {
              assertThat(get.getName()).isEqualTo("GET");
              assertThat(get.getAttributes().get(SERVER_PORT)).isEqualTo((long) source.port());
              assertThat(get.getAttributes().get(ERROR_TYPE)).isNull();
            });
    assertThat(otel.redirections(REDIRECTION_MOVED, target.port())).isEqualTo(1);
  }

  @Test
  void aCommandAskedToTheImportingNodeIsOneOperationThere() {
    RedisCluster nodes = redis.cluster();
    cluster.set("asked", "v");
    int slot = nodes.slot("asked");
    RedisServer source = nodes.masterOf(slot);
    RedisServer target = nodes.masters().stream().filter(m -> !m.equals(source)).findFirst().get();
    SlotMigration migration = nodes.startSlotMigration(slot, target);
    migration.moveKeys(); // the source no longer holds the key: it answers ASK
    otel.reset();

    assertThat(cluster.get("asked")).isEqualTo("v");

    assertThat(otel.finishedSpans()).extracting(SpanData::getName).containsExactly("GET");
    SpanData get = otel.span("GET");
    assertThat(get.getAttributes().get(SERVER_PORT)).isEqualTo((long) target.port());
    assertThat(get.getAttributes().get(REDIS_CACHE_RESULT)).isEqualTo("hit");
    assertThat(otel.durationCount("GET")).isEqualTo(1);
    assertThat(otel.redirections(REDIRECTION_ASK, source.port())).isEqualTo(1);
    migration.complete();
  }

  @Test
  void afterAMasterFailsOverCommandsNameThePromotedReplica() {
    RedisCluster nodes = redis.cluster();
    cluster.set("survivor", "v");
    RedisServer doomed = nodes.masterForKey("survivor");
    RedisServer promoted = nodes.killMaster(doomed);
    otel.reset();

    // Jedis finds the old master dead, refreshes its slot cache and retries on the promoted replica
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> "v".equals(cluster.get("survivor")));

    SpanData last = otel.spans("GET").get(otel.spans("GET").size() - 1);
    assertThat(last.getAttributes().get(SERVER_PORT)).isEqualTo((long) promoted.port());
    assertThat(last.getAttributes().get(REDIS_CACHE_RESULT)).isEqualTo("hit");
    // every GET sent to the dead master failed as a connection error, none named a wrong server
    assertThat(otel.spans("GET"))
        .allSatisfy(
            s -> {
              if (s.getAttributes().get(ERROR_TYPE) == null) {
                assertThat(s.getAttributes().get(SERVER_PORT)).isEqualTo((long) promoted.port());
              } else {
                assertThat(s.getAttributes().get(ERROR_TYPE)).isIn("connection", "timeout");
              }
            });
    assertThat(telemetry.pools().snapshot())
        .extracting(p -> p.name())
        .contains("127.0.0.1:" + promoted.port() + "/0");
  }

  /** Slot → port of its master, as {@code CLUSTER SHARDS} of a node says. */
  private static Map<Integer, Integer> ownersPerClusterShards() {
    RedisServer seed = redis.cluster().seed();
    Map<Integer, Integer> owners = new HashMap<>();
    try (Jedis jedis = new Jedis(new Connection(seed.host(), seed.port()))) {
      for (ClusterShardInfo shard : jedis.clusterShards()) {
        int port =
            shard.getNodes().stream()
                .filter(n -> "master".equals(n.getRole()))
                .mapToInt(n -> n.getPort().intValue())
                .findFirst()
                .orElseThrow();
        for (List<Long> range : shard.getSlots()) {
          for (long slot = range.get(0); slot <= range.get(1); slot++) {
            owners.put((int) slot, port);
          }
        }
      }
    }
    assertThat(owners).hasSize(16_384);
    return owners;
  }

  private void assertEveryCommandNamesItsOwner(Map<Integer, Integer> ownerBySlot, String command) {
    List<SpanData> spans = otel.awaitSpans(command, KEYS);
    assertThat(spans).hasSize(KEYS);
    Map<Long, Long> expectedPerPort = new HashMap<>();
    for (SpanData span : spans) {
      String key = span.getAttributes().get(DB_QUERY_TEXT).split(" ")[1];
      long owner = ownerBySlot.get(redis.cluster().slot(key));
      assertThat(span.getAttributes().get(SERVER_PORT)).as(key).isEqualTo(owner);
      assertThat(span.getAttributes().get(SERVER_ADDRESS)).isEqualTo("127.0.0.1");
      expectedPerPort.merge(owner, 1L, Long::sum);
    }
    // the duration points agree with the spans, node by node
    for (Map.Entry<Long, Long> port : expectedPerPort.entrySet()) {
      long points =
          otel.metric(METRIC_OPERATION_DURATION).getHistogramData().getPoints().stream()
              .filter(p -> command.equals(p.getAttributes().get(DB_OPERATION_NAME)))
              .filter(p -> port.getKey().equals(p.getAttributes().get(SERVER_PORT)))
              .mapToLong(HistogramPointData::getCount)
              .sum();
      assertThat(points)
          .as("%s points on port %s", command, port.getKey())
          .isEqualTo(port.getValue());
    }
    assertThat(expectedPerPort).hasSize(3);
  }
}
