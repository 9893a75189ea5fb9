package dev.redlens.info;

import static dev.redlens.info.MetricsUnderTest.node;
import static dev.redlens.info.MetricsUnderTest.value;
import static dev.redlens.info.ServerMetricNames.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.redlens.testing.RedisServer;
import dev.redlens.testing.RedisServerExtension;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.PointData;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link ServerMetrics} against a real server: what the test does to the server shows in the
 * metrics.
 */
class ServerMetricsTest {
  @RegisterExtension static final RedisServerExtension redis = RedisServerExtension.create();

  private MetricsUnderTest under;

  @AfterEach
  void close() {
    if (under != null) {
      under.close();
    }
  }

  @Test
  void keyspaceHitsAndMissesGrowByExactlyTheGetsIssued() {
    RedisServer server = redis.server();
    server.execute("SET", "present", "v");
    under = MetricsUnderTest.onDemand(server);
    CollectedMetrics before = under.pollAndCollect();

    int hits = 7;
    int misses = 4;
    for (int i = 0; i < hits; i++) {
      assertThat(server.execute("GET", "present")).isEqualTo("v");
    }
    for (int i = 0; i < misses; i++) {
      assertThat(server.call("GET", "absent-" + i)).isNull();
    }
    CollectedMetrics after = under.pollAndCollect();

    assertThat(value(after, KEYSPACE_HITS, server) - value(before, KEYSPACE_HITS, server))
        .isEqualTo(hits);
    assertThat(value(after, KEYSPACE_MISSES, server) - value(before, KEYSPACE_MISSES, server))
        .isEqualTo(misses);
    assertThat(
            value(after, CMD_CALLS, server, CMD, "get")
                - valueOrZero(before, CMD_CALLS, server, CMD, "get"))
        .isEqualTo(hits + misses);
  }

  @Test
  void usedMemoryFollowsALargeValue() {
    RedisServer server = redis.server();
    under = MetricsUnderTest.onDemand(server);
    long before = value(under.pollAndCollect(), MEMORY_USED, server);

    server.execute("SETRANGE", "big", "8000000", "x"); // an 8 MB string, without sending 8 MB
    CollectedMetrics withValue = under.pollAndCollect();
    long with = value(withValue, MEMORY_USED, server);
    assertThat(with - before).isGreaterThanOrEqualTo(8_000_000);
    assertThat(value(withValue, MEMORY_PEAK, server)).isGreaterThanOrEqualTo(with);
    assertThat(value(withValue, MEMORY_RSS, server)).isPositive();

    server.execute("DEL", "big");
    long after = value(under.pollAndCollect(), MEMORY_USED, server);
    assertThat(with - after).isGreaterThanOrEqualTo(7_000_000);
  }

  @Test
  void dbKeysExpiresAndAverageTtlPerDatabase() {
    RedisServer server = redis.server();
    server.execute("MSET", "a", "1", "b", "2", "c", "3");
    server.execute("SET", "d", "4", "EX", "1000");
    server.execute("SET", "e", "5", "EX", "1000");
    server.execute("SET", "f", "6");
    server.execute("MOVE", "e", "7"); // keeps its time to live
    server.execute("MOVE", "f", "7");
    under = MetricsUnderTest.onDemand(server);

    CollectedMetrics collected = under.pollAndCollect();
    assertThat(value(collected, DB_KEYS, server, DB, "0")).isEqualTo(4);
    assertThat(value(collected, DB_EXPIRES, server, DB, "0")).isEqualTo(1);
    assertThat(value(collected, DB_KEYS, server, DB, "7")).isEqualTo(2);
    assertThat(value(collected, DB_EXPIRES, server, DB, "7")).isEqualTo(1);
    assertThat(collected.points(DB_KEYS))
        .extracting(p -> p.getAttributes().get(DB))
        .containsOnly("0", "7");
    // the server estimates avg_ttl from the keys its expire cycle samples (10 times a second): wait
    // for one
    await()
        .untilAsserted(
            () ->
                assertThat(value(under.pollAndCollect(), DB_AVG_TTL, server, DB, "7"))
                    .isBetween(1L, 1_000_000L));
    assertThat(collected.points(DB_KEYS))
        .extracting(p -> p.getAttributes().get(DB))
        .containsOnly("0", "7");
  }

  @Test
  void errorStatsShowAForcedWrongtype() {
    RedisServer server = redis.server();
    server.execute("SET", "string", "v");
    under = MetricsUnderTest.onDemand(server);
    CollectedMetrics before = under.pollAndCollect();

    assertThatThrownBy(() -> server.call("LPUSH", "string", "x")).hasMessageContaining("WRONGTYPE");
    CollectedMetrics after = under.pollAndCollect();

    assertThat(
            value(after, ERRORS, server, ERROR_PREFIX, "WRONGTYPE")
                - valueOrZero(before, ERRORS, server, ERROR_PREFIX, "WRONGTYPE"))
        .isEqualTo(1);
    assertThat(
            value(after, CMD_FAILED_CALLS, server, CMD, "lpush")
                - valueOrZero(before, CMD_FAILED_CALLS, server, CMD, "lpush"))
        .isEqualTo(1);
  }

  @Test
  void latencyPercentilesOnRedis7AnyPercentileTheServerReports() {
    RedisServer server = redis.server();
    assumeTrue(
        server.binary().isAtLeast(7, 0), "latency tracking needs Redis 7.0+, this is " + server);
    server.execute("CONFIG", "SET", "latency-tracking-info-percentiles", "50 99 99.9");
    server.execute("SET", "k", "v");
    server.execute("GET", "k");
    under = MetricsUnderTest.onDemand(server);

    CollectedMetrics collected = under.pollAndCollect();
    assertThat(latency(collected, server, "get")).containsOnlyKeys("p50", "p99", "p99.9");
    assertThat(latency(collected, server, "get").values())
        .allSatisfy(s -> assertThat(s).isPositive().isLessThan(1));

    server.execute("CONFIG", "SET", "latency-tracking-info-percentiles", "75 99.99");
    assertThat(latency(under.pollAndCollect(), server, "get")).containsOnlyKeys("p75", "p99.99");
  }

  @Test
  void severalNodesEachWithTheirOwnAddressAndPort() {
    RedisServer first = redis.server();
    try (RedisServer second = RedisServer.start()) {
      first.execute("SET", "only", "1");
      second.execute("MSET", "x", "1", "y", "2", "z", "3");
      under = MetricsUnderTest.onDemand(first, second);

      CollectedMetrics collected = under.pollAndCollect();
      assertThat(value(collected, DB_KEYS, first, DB, "0")).isEqualTo(1);
      assertThat(value(collected, DB_KEYS, second, DB, "0")).isEqualTo(3);
      assertThat(collected.pointsOfNode(MEMORY_USED, first.port())).hasSize(1);
      assertThat(collected.pointsOfNode(MEMORY_USED, second.port())).hasSize(1);
      List<PointData> all = collected.allPoints();
      assertThat(all)
          .isNotEmpty()
          .allSatisfy(
              p -> {
                assertThat(p.getAttributes().get(SERVER_ADDRESS)).isEqualTo("127.0.0.1");
                assertThat(p.getAttributes().get(SERVER_PORT))
                    .isIn((long) first.port(), (long) second.port());
              });
      assertThat(collected.all())
          .allSatisfy(
              m ->
                  assertThat(m.getInstrumentationScopeInfo().getName())
                      .isEqualTo(INSTRUMENTATION_SCOPE));
      assertThat(under.metrics.nodes())
          .extracting(NodeStatus::port)
          .containsExactly(first.port(), second.port());
    }
  }

  @Test
  void serverInfoCarriesVersionModeRolePolicyAndAllocator() {
    RedisServer server = redis.server();
    server.execute("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
    try {
      under = MetricsUnderTest.onDemand(server);
      CollectedMetrics collected = under.pollAndCollect();

      List<PointData> info = collected.pointsOfNode(SERVER_INFO, server.port());
      assertThat(info).hasSize(1);
      Attributes attributes = info.get(0).getAttributes();
      assertThat(attributes.get(REDIS_VERSION)).isEqualTo(server.binary().version());
      assertThat(attributes.get(REDIS_MODE)).isEqualTo("standalone");
      assertThat(attributes.get(REDIS_ROLE)).isEqualTo("primary");
      assertThat(attributes.get(REDIS_MAXMEMORY_POLICY)).isEqualTo("allkeys-lru");
      assertThat(attributes.get(REDIS_MEM_ALLOCATOR)).isNotBlank();
      assertThat(value(collected, ROLE, server, ROLE_ATTRIBUTE, "primary")).isEqualTo(1);
      assertThat(value(collected, CLIENTS_CONNECTED, server)).isGreaterThanOrEqualTo(1);
      assertThat(value(collected, UPTIME, server)).isGreaterThanOrEqualTo(0);
      assertThat(
              collected.doubleValue(CPU_TIME, node(server).toBuilder().put(STATE, "sys").build()))
          .isPresent();
      assertThat(collected.doubleValue(MEMORY_FRAGMENTATION_RATIO, node(server))).isPresent();
    } finally {
      server.execute("CONFIG", "SET", "maxmemory-policy", "noeviction");
    }
  }

  @Test
  void statusExposesTheLastSnapshotAndPoll() {
    RedisServer server = redis.server();
    under = MetricsUnderTest.onDemand(server);
    under.pollNow();

    NodeStatus status = under.status(server);
    assertThat(status.isUp()).isTrue();
    assertThat(status.error()).isEmpty();
    assertThat(status.lastPollTime()).isNotNull();
    assertThat(status.lastSuccessTime()).isEqualTo(status.lastPollTime());
    assertThat(status.lastPollDuration()).isNotNull();
    assertThat(status.uri()).isEqualTo("redis://127.0.0.1:" + server.port() + "/0");
    assertThat(status.snapshot())
        .hasValueSatisfying(info -> assertThat(info.server().tcpPort()).hasValue(server.port()));
    assertThat(status.lastSnapshot().hasSection("commandstats")).as("INFO everything").isTrue();
    assertThat(server.execute("CLIENT", "LIST")).contains("name=" + ServerMetrics.CLIENT_NAME);
  }

  @Test
  void pollsOnANamedDaemonThreadThatCloseStopsIdempotently() throws Exception {
    RedisServer server = redis.server();
    under = MetricsUnderTest.start(Duration.ofMillis(100), Duration.ofSeconds(5), server);
    await().until(() -> under.status(server).isUp());
    Thread poller = MetricsUnderTest.pollerThread().orElseThrow();
    assertThat(poller.isDaemon()).isTrue();
    Instant firstPoll = under.status(server).lastPollTime();
    await().until(() -> under.status(server).lastPollTime().isAfter(firstPoll));

    under.metrics.close();
    under.metrics.close();
    poller.join(10_000);
    assertThat(poller.isAlive()).isFalse();
    assertThat(under.collect().all()).as("instruments unregistered").isEmpty();
    assertThatThrownBy(() -> under.metrics.pollNow().get())
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(IllegalStateException.class);
    await()
        .until(
            () -> !server.execute("CLIENT", "LIST").contains("name=" + ServerMetrics.CLIENT_NAME));
  }

  @Test
  void replicationOfAPrimaryAndItsReplica() {
    RedisServer primary = redis.server();
    try (RedisServer replica = RedisServer.builder().replicaOf(primary).start()) {
      replica.awaitReplicationLink(Duration.ofSeconds(20));
      under = MetricsUnderTest.onDemand(primary, replica);
      await()
          .until(
              () -> {
                CollectedMetrics c = under.pollAndCollect();
                return !c.pointsOfNode(REPLICATION_CONNECTED_REPLICA_OFFSET, primary.port())
                    .isEmpty();
              });
      CollectedMetrics collected = under.collect();

      assertThat(value(collected, ROLE, replica, ROLE_ATTRIBUTE, "replica")).isEqualTo(1);
      assertThat(value(collected, REPLICATION_MASTER_LINK_UP, replica)).isEqualTo(1);
      assertThat(value(collected, REPLICATION_REPLICA_OFFSET, replica)).isGreaterThanOrEqualTo(0);
      assertThat(value(collected, SLAVES_CONNECTED, primary)).isEqualTo(1);
      Attributes replicaSeenByPrimary =
          node(primary).toBuilder()
              .put(REPLICA_ADDRESS, "127.0.0.1")
              .put(REPLICA_PORT, (long) replica.port())
              .build();
      assertThat(collected.longValue(REPLICATION_CONNECTED_REPLICA_OFFSET, replicaSeenByPrimary))
          .isPresent();
      assertThat(collected.pointsOfNode(REPLICATION_MASTER_LINK_UP, primary.port())).isEmpty();
    }
  }

  @Test
  void clusterNodeReportsClusterInfo() {
    assumeTrue(redis.server().binary().isAtLeast(7, 0), "CLUSTER ADDSLOTSRANGE needs Redis 7.0+");
    try (RedisServer node = RedisServer.builder().config("cluster-enabled", "yes").start()) {
      node.execute("CLUSTER", "ADDSLOTSRANGE", "0", "16383");
      under = MetricsUnderTest.onDemand(node);
      // the node reports ok only 2 s after it started (Redis's CLUSTER_WRITABLE_DELAY), and each
      // evaluation is a whole round (a cold Lettuce connection first): the default 10 s left a
      // loaded machine too little
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  under
                      .pollAndCollect()
                      .longValue(
                          CLUSTER_STATE,
                          node(node).toBuilder().put(CLUSTER_STATE_ATTRIBUTE, "ok").build())
                      .isPresent());
      CollectedMetrics collected = under.collect();

      assertThat(value(collected, CLUSTER_STATE, node, CLUSTER_STATE_ATTRIBUTE, "ok")).isEqualTo(1);
      assertThat(value(collected, CLUSTER_ENABLED, node)).isEqualTo(1);
      assertThat(value(collected, CLUSTER_SLOTS_ASSIGNED, node)).isEqualTo(16384);
      assertThat(value(collected, CLUSTER_KNOWN_NODES, node)).isEqualTo(1);
      assertThat(value(collected, MODE, node, MODE_ATTRIBUTE, "cluster")).isEqualTo(1);
      assertThat(under.status(node).lastClusterInfo()).isNotNull();
    }
  }

  private static <T> long valueOrZero(
      CollectedMetrics collected,
      String name,
      RedisServer server,
      AttributeKey<T> key,
      T attributeValue) {
    return collected
        .longValue(name, node(server).toBuilder().put(key, attributeValue).build())
        .orElse(0);
  }

  /** Percentile label to seconds of {@code cmd} on {@code server}. */
  static java.util.Map<String, Double> latency(
      CollectedMetrics collected, RedisServer server, String cmd) {
    java.util.Map<String, Double> result = new java.util.TreeMap<>();
    collected.pointsOfNode(CMD_LATENCY, server.port()).stream()
        .filter(p -> cmd.equals(p.getAttributes().get(CMD)))
        .forEach(
            p ->
                result.put(
                    p.getAttributes().get(PERCENTILE),
                    ((io.opentelemetry.sdk.metrics.data.DoublePointData) p).getValue()));
    return result;
  }
}
