package dev.redlens.info;

import static dev.redlens.info.ServerMetricNames.*;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which field becomes which point, on real captures, without a server. */
class ServerInstrumentsTest {
  private final InMemoryMetricReader reader = InMemoryMetricReader.create();
  private final SdkMeterProvider meterProvider =
      SdkMeterProvider.builder().registerMetricReader(reader).build();

  @AfterEach
  void closeProvider() {
    meterProvider.close();
  }

  /**
   * A node whose last poll returned {@code info} (and {@code cluster}), or failed when {@code
   * error} is set.
   */
  private record FakeNode(NodeStatus status, Map<String, AtomicLong> failuresByType)
      implements ObservedNode {
    static FakeNode up(int port, String info, String cluster) {
      Instant now = Instant.now();
      return new FakeNode(
          new NodeStatus(
              "redis://127.0.0.1:" + port + "/0",
              "127.0.0.1",
              port,
              InfoSnapshot.parse(info),
              cluster == null ? null : ClusterInfo.parse(cluster),
              now,
              now,
              Duration.ofMillis(1),
              null,
              null,
              0,
              0),
          new ConcurrentHashMap<>());
    }

    static FakeNode down(int port, String lastInfo) {
      Instant now = Instant.now();
      Map<String, AtomicLong> failures =
          new ConcurrentHashMap<>(Map.of("connection", new AtomicLong(3)));
      return new FakeNode(
          new NodeStatus(
              "redis://127.0.0.1:" + port + "/0",
              "127.0.0.1",
              port,
              InfoSnapshot.parse(lastInfo),
              null,
              now,
              now.minusSeconds(5),
              Duration.ofMillis(1),
              "connection: refused",
              null,
              3,
              3),
          failures);
    }
  }

  private CollectedMetrics observe(List<FakeNode> nodes) {
    ServerInstruments instruments =
        new ServerInstruments(meterProvider.get(INSTRUMENTATION_SCOPE), nodes);
    try {
      return CollectedMetrics.collect(reader);
    } finally {
      instruments.close();
    }
  }

  private static Attributes node(int port) {
    return Attributes.of(SERVER_ADDRESS, "127.0.0.1", SERVER_PORT, (long) port);
  }

  @Test
  void redis74CaptureBecomesTheReceiverSetWithTheSameTypesAndUnits() {
    CollectedMetrics metrics =
        observe(List.of(FakeNode.up(17074, InfoCaptures.read("redis-7.4.1-everything.txt"), null)));
    Attributes node = node(17074);

    assertGauge(metrics, MEMORY_USED, UNIT_BYTES, node, 1236504);
    assertGauge(metrics, MEMORY_RSS, UNIT_BYTES, node, 6971392);
    assertGauge(metrics, MEMORY_PEAK, UNIT_BYTES, node, 1236504);
    assertGauge(metrics, MEMORY_LUA, UNIT_BYTES, node, 31744);
    assertGauge(metrics, MAXMEMORY, UNIT_BYTES, node, 0);
    assertGauge(metrics, CLIENTS_MAX_INPUT_BUFFER, UNIT_BYTES, node, 20480);
    assertGauge(metrics, CLIENTS_MAX_OUTPUT_BUFFER, UNIT_BYTES, node, 0);
    assertGauge(metrics, COMMANDS, "{ops}/s", node, 37);
    assertGauge(metrics, LATEST_FORK, UNIT_MICROSECONDS, node, 0);
    assertGauge(metrics, REPLICATION_OFFSET, UNIT_BYTES, node, 0);
    assertGauge(metrics, REPLICATION_BACKLOG_FIRST_BYTE_OFFSET, UNIT_BYTES, node, 0);
    assertGauge(metrics, MEMORY_USED_MEMORY_OVERHEAD, UNIT_BYTES, node, 948280);
    assertGauge(metrics, MEMORY_USED_MEMORY_STARTUP, UNIT_BYTES, node, 946712);
    assertGauge(metrics, TRACKING_TOTAL_KEYS, "{key}", node, 0);
    assertGauge(metrics, CLUSTER_ENABLED, UNIT_ONE, node, 0);
    assertThat(metrics.metric(MEMORY_FRAGMENTATION_RATIO).orElseThrow())
        .hasUnit(UNIT_ONE)
        .hasDoubleGaugeSatisfying(
            g -> g.hasPointsSatisfying(p -> p.hasValue(5.65).hasAttributes(node)));

    assertSum(metrics, KEYSPACE_HITS, "{hit}", true, node, 50);
    assertSum(metrics, KEYSPACE_MISSES, "{miss}", true, node, 1);
    assertSum(metrics, COMMANDS_PROCESSED, "{command}", true, node, 63);
    assertSum(metrics, CONNECTIONS_RECEIVED, "{connection}", true, node, 65);
    assertSum(metrics, CONNECTIONS_REJECTED, "{connection}", true, node, 0);
    assertSum(metrics, KEYS_EXPIRED, "{event}", true, node, 0);
    assertSum(metrics, KEYS_EVICTED, "{key}", true, node, 0);
    assertSum(metrics, NET_INPUT, UNIT_BYTES, true, node, 1803);
    assertSum(metrics, NET_OUTPUT, UNIT_BYTES, true, node, 1154);
    assertSum(metrics, UPTIME, UNIT_SECONDS, true, node, 1);
    assertSum(metrics, CLIENTS_CONNECTED, "{client}", false, node, 1);
    assertSum(metrics, CLIENTS_BLOCKED, "{client}", false, node, 0);
    assertSum(metrics, SLAVES_CONNECTED, "{replica}", false, node, 0);
    assertSum(metrics, RDB_CHANGES_SINCE_LAST_SAVE, "{change}", false, node, 9);
    assertSum(
        metrics, ROLE, "{role}", false, node.toBuilder().put(ROLE_ATTRIBUTE, "primary").build(), 1);

    assertThat(metrics.metric(CPU_TIME).orElseThrow())
        .hasUnit(UNIT_SECONDS)
        .hasDoubleSumSatisfying(
            s ->
                s.isMonotonic()
                    .hasPointsSatisfying(
                        p -> p.hasValue(0.016792).hasAttributes(with(node, STATE, "sys")),
                        p -> p.hasValue(0.006010).hasAttributes(with(node, STATE, "user")),
                        p -> p.hasValue(0.0).hasAttributes(with(node, STATE, "sys_children")),
                        p -> p.hasValue(0.0).hasAttributes(with(node, STATE, "user_children")),
                        p ->
                            p.hasValue(0.016910)
                                .hasAttributes(with(node, STATE, "sys_main_thread")),
                        p ->
                            p.hasValue(0.005636)
                                .hasAttributes(with(node, STATE, "user_main_thread"))));

    assertThat(metrics.longValue(DB_KEYS, with(node, DB, "0"))).hasValue(4);
    assertThat(metrics.longValue(DB_KEYS, with(node, DB, "1"))).hasValue(1);
    assertThat(metrics.longValue(DB_EXPIRES, with(node, DB, "0"))).hasValue(1);
    assertThat(metrics.longValue(DB_AVG_TTL, with(node, DB, "0"))).hasValue(3599900);
    assertThat(metrics.metric(DB_AVG_TTL).orElseThrow()).hasUnit(UNIT_MILLISECONDS);
    assertThat(metrics.points(DB_KEYS)).hasSize(2);

    assertThat(metrics.longValue(CMD_CALLS, with(node, CMD, "client|list"))).hasValue(1);
    assertThat(metrics.longValue(CMD_CALLS, with(node, CMD, "get"))).hasValue(51);
    assertThat(metrics.longValue(CMD_USEC, with(node, CMD, "get"))).hasValue(292);
    assertThat(metrics.longValue(CMD_FAILED_CALLS, with(node, CMD, "lpush"))).hasValue(1);
    assertThat(metrics.longValue(CMD_REJECTED_CALLS, with(node, CMD, "set"))).hasValue(1);
    assertThat(metrics.metric(CMD_USEC).orElseThrow()).hasUnit(UNIT_MICROSECONDS);
    assertThat(
            metrics.doubleValue(
                CMD_LATENCY, with(node, CMD, "get").toBuilder().put(PERCENTILE, "p99.9").build()))
        .hasValueCloseTo(8.031e-6, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(metrics.metric(CMD_LATENCY).orElseThrow()).hasUnit(UNIT_SECONDS);
    assertThat(metrics.points(CMD_LATENCY)).hasSize(3 * 10);

    assertSum(metrics, ERRORS, "{error}", true, with(node, ERROR_PREFIX, "WRONGTYPE"), 1);
    assertThat(metrics.longValue(ERRORS, with(node, ERROR_PREFIX, "ERR"))).hasValue(3);

    assertGauge(metrics, MEMORY_ALLOCATOR_ALLOCATED, UNIT_BYTES, node, 1808016);
    assertGauge(metrics, MEMORY_ALLOCATOR_ACTIVE, UNIT_BYTES, node, 2142208);
    assertGauge(metrics, MEMORY_ALLOCATOR_RESIDENT, UNIT_BYTES, node, 5042176);
    assertGauge(metrics, MEMORY_ALLOCATOR_MUZZY, UNIT_BYTES, node, 0);
    assertGauge(metrics, MEMORY_ALLOCATOR_FRAG_BYTES, UNIT_BYTES, node, 258160);
    assertGauge(metrics, MEMORY_ALLOCATOR_RSS_BYTES, UNIT_BYTES, node, 2899968);
    assertGauge(metrics, MEMORY_FRAGMENTATION_BYTES, UNIT_BYTES, node, 5736816);
    assertGauge(metrics, MEMORY_DATASET, UNIT_BYTES, node, 288224);
    assertThat(metrics.doubleValue(MEMORY_ALLOCATOR_FRAG_RATIO, node)).hasValue(1.19);
    assertThat(metrics.doubleValue(MEMORY_ALLOCATOR_RSS_RATIO, node)).hasValue(2.35);

    assertGauge(
        metrics,
        SERVER_INFO,
        UNIT_ONE,
        node.toBuilder()
            .put(REDIS_VERSION, "7.4.1")
            .put(REDIS_MODE, "standalone")
            .put(REDIS_ROLE, "primary")
            .put(REDIS_MAXMEMORY_POLICY, "noeviction")
            .put(REDIS_MEM_ALLOCATOR, "jemalloc-5.3.0")
            .build(),
        1);
    assertGauge(metrics, MODE, "{mode}", with(node, MODE_ATTRIBUTE, "standalone"), 1);

    // not a cluster node, not a replica, not a Sentinel: those metrics have no points
    assertThat(metrics.metric(CLUSTER_STATE)).isEmpty();
    assertThat(metrics.metric(CLUSTER_SLOTS_OK)).isEmpty();
    assertThat(metrics.metric(REPLICATION_REPLICA_OFFSET)).isEmpty();
    assertThat(metrics.metric(REPLICATION_MASTER_LINK_UP)).isEmpty();
    assertThat(metrics.metric(SENTINEL_MASTERS)).isEmpty();
    assertThat(metrics.metric(POLL_FAILURES)).isEmpty();
  }

  @Test
  void everyPointCarriesTheNodeAndEveryMetricIsInTheDevRedlensScope() {
    CollectedMetrics metrics =
        observe(List.of(FakeNode.up(17074, InfoCaptures.read("redis-7.4.1-everything.txt"), null)));

    assertThat(metrics.all())
        .allSatisfy(
            m ->
                assertThat(m.getInstrumentationScopeInfo().getName())
                    .isEqualTo(INSTRUMENTATION_SCOPE));
    assertThat(metrics.allPoints())
        .isNotEmpty()
        .allSatisfy(
            p -> {
              assertThat(p.getAttributes().get(SERVER_ADDRESS)).isEqualTo("127.0.0.1");
              assertThat(p.getAttributes().get(SERVER_PORT)).isEqualTo(17074L);
            });
  }

  @Test
  void redis62HasNoLatencyPercentilesAndNoMuzzy() {
    CollectedMetrics metrics =
        observe(List.of(FakeNode.up(6391, InfoCaptures.read("redis-6.2.11-everything.txt"), null)));

    assertThat(metrics.metric(MEMORY_USED)).isPresent();
    assertThat(metrics.metric(CMD_CALLS)).isPresent();
    assertThat(metrics.metric(CMD_LATENCY)).isEmpty();
    assertThat(metrics.metric(MEMORY_ALLOCATOR_MUZZY)).isEmpty();
    assertThat(metrics.longValue(DB_KEYS, with(node(6391), DB, "3"))).hasValue(1);
  }

  @Test
  void clusterNodeReportsClusterInfo() {
    CollectedMetrics metrics =
        observe(
            List.of(
                FakeNode.up(
                    7000,
                    InfoCaptures.read("redis-7.0.15-cluster-node-everything.txt"),
                    InfoCaptures.read("redis-7.0.15-cluster-info.txt"))));
    Attributes node = node(7000);

    assertGauge(metrics, CLUSTER_ENABLED, UNIT_ONE, node, 1);
    assertGauge(metrics, CLUSTER_STATE, "{state}", with(node, CLUSTER_STATE_ATTRIBUTE, "ok"), 1);
    assertGauge(metrics, CLUSTER_SLOTS_ASSIGNED, "{slot}", node, 16384);
    assertGauge(metrics, CLUSTER_SLOTS_OK, "{slot}", node, 16384);
    assertGauge(metrics, CLUSTER_SLOTS_PFAIL, "{slot}", node, 0);
    assertGauge(metrics, CLUSTER_SLOTS_FAIL, "{slot}", node, 0);
    assertGauge(metrics, CLUSTER_KNOWN_NODES, "{node}", node, 3);
    assertGauge(metrics, CLUSTER_NODE_COUNT, "{node}", node, 3);
    assertGauge(metrics, CLUSTER_CURRENT_EPOCH, "{epoch}", node, 3);
    assertGauge(metrics, CLUSTER_MY_EPOCH, "{epoch}", node, 1);
    assertSum(metrics, CLUSTER_STATS_MESSAGES_SENT, "{message}", true, node, 17);
    assertSum(metrics, CLUSTER_STATS_MESSAGES_RECEIVED, "{message}", true, node, 17);
    assertSum(metrics, CLUSTER_LINKS_BUFFER_LIMIT_EXCEEDED, "{count}", true, node, 0);
    assertThat(metrics.longValue(ERRORS, with(node, ERROR_PREFIX, "MOVED"))).hasValue(2);
    assertGauge(metrics, MODE, "{mode}", with(node, MODE_ATTRIBUTE, "cluster"), 1);
  }

  @Test
  void primaryAndReplicaReportReplication() {
    CollectedMetrics metrics =
        observe(
            List.of(
                FakeNode.up(17274, InfoCaptures.read("redis-7.4.1-replication-master.txt"), null),
                FakeNode.up(
                    17275, InfoCaptures.read("redis-7.4.1-replication-replica.txt"), null)));
    Attributes replicaSeenByPrimary =
        node(17274).toBuilder().put(REPLICA_ADDRESS, "127.0.0.1").put(REPLICA_PORT, 17275L).build();

    assertThat(metrics.longValue(REPLICATION_CONNECTED_REPLICA_LAG, replicaSeenByPrimary))
        .hasValue(1);
    assertThat(metrics.longValue(REPLICATION_CONNECTED_REPLICA_OFFSET, replicaSeenByPrimary))
        .hasValue(50);
    assertThat(metrics.longValue(SLAVES_CONNECTED, node(17274))).hasValue(1);
    assertThat(metrics.longValue(ROLE, with(node(17274), ROLE_ATTRIBUTE, "primary"))).hasValue(1);
    assertThat(metrics.longValue(ROLE, with(node(17275), ROLE_ATTRIBUTE, "replica"))).hasValue(1);
    assertThat(metrics.longValue(REPLICATION_MASTER_LINK_UP, node(17275))).hasValue(1);
    assertThat(metrics.longValue(REPLICATION_REPLICA_OFFSET, node(17275))).hasValue(50);
    assertThat(metrics.longValue(REPLICATION_OFFSET, node(17274))).hasValue(50);
    assertThat(metrics.longValue(REPLICATION_BACKLOG_FIRST_BYTE_OFFSET, node(17274))).hasValue(1);
    assertThat(metrics.pointsOfNode(REPLICATION_MASTER_LINK_UP, 17274)).isEmpty();
  }

  @Test
  void sentinelSectionIsExported() {
    CollectedMetrics metrics =
        observe(
            List.of(
                FakeNode.up(
                    26500,
                    """
                # Server
                redis_version:7.2.4
                redis_mode:sentinel
                # Sentinel
                sentinel_masters:2
                sentinel_tilt:0
                sentinel_tilt_since_seconds:-1
                sentinel_total_tilt:4
                sentinel_running_scripts:1
                sentinel_scripts_queue_length:3
                sentinel_simulate_failure_flags:0
                master0:name=mymaster,status=ok,address=127.0.0.1:6502,slaves=1,sentinels=3
                """,
                    null)));
    Attributes node = node(26500);

    assertGauge(metrics, SENTINEL_MASTERS, "{master}", node, 2);
    assertGauge(metrics, SENTINEL_RUNNING_SCRIPTS, "{script}", node, 1);
    assertGauge(metrics, SENTINEL_SCRIPTS_QUEUE_LENGTH, "{script}", node, 3);
    assertGauge(metrics, SENTINEL_SIMULATE_FAILURE_FLAGS, UNIT_ONE, node, 0);
    assertGauge(metrics, SENTINEL_TILT_SINCE_SECONDS, UNIT_SECONDS, node, -1);
    assertSum(metrics, SENTINEL_TOTAL_TILT, "{event}", true, node, 4);
    assertGauge(metrics, MODE, "{mode}", with(node, MODE_ATTRIBUTE, "sentinel"), 1);
  }

  @Test
  void nodeThatIsDownHasNoServerPointsButItsFailures() {
    CollectedMetrics metrics =
        observe(
            List.of(
                FakeNode.down(6500, InfoCaptures.read("redis-7.4.1-everything.txt")),
                FakeNode.up(6501, InfoCaptures.read("redis-7.2.6-everything.txt"), null)));

    assertThat(metrics.allPoints())
        .filteredOn(p -> Long.valueOf(6500).equals(p.getAttributes().get(SERVER_PORT)))
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.getAttributes())
                    .isEqualTo(with(node(6500), ERROR_TYPE, "connection")));
    assertSum(
        metrics, POLL_FAILURES, "{failure}", true, with(node(6500), ERROR_TYPE, "connection"), 3);
    assertThat(metrics.pointsOfNode(MEMORY_USED, 6501)).hasSize(1);
  }

  @Test
  void instrumentTypesMatchTheReceiver() {
    CollectedMetrics metrics =
        observe(List.of(FakeNode.up(17074, InfoCaptures.read("redis-7.4.1-everything.txt"), null)));
    Map<String, MetricDataType> expected =
        Map.of(
            CLIENTS_CONNECTED, MetricDataType.LONG_SUM,
            MEMORY_USED, MetricDataType.LONG_GAUGE,
            MEMORY_FRAGMENTATION_RATIO, MetricDataType.DOUBLE_GAUGE,
            CPU_TIME, MetricDataType.DOUBLE_SUM,
            DB_KEYS, MetricDataType.LONG_GAUGE,
            CMD_LATENCY, MetricDataType.DOUBLE_GAUGE,
            CMD_CALLS, MetricDataType.LONG_SUM,
            ROLE, MetricDataType.LONG_SUM,
            UPTIME, MetricDataType.LONG_SUM);
    expected.forEach(
        (name, type) ->
            assertThat(metrics.metric(name).map(MetricData::getType)).as(name).contains(type));
  }

  private static Attributes with(
      Attributes base, io.opentelemetry.api.common.AttributeKey<String> key, String value) {
    return base.toBuilder().put(key, value).build();
  }

  private static void assertGauge(
      CollectedMetrics metrics, String name, String unit, Attributes attributes, long value) {
    assertThat(metrics.metric(name)).as(name).isPresent();
    assertThat(metrics.metric(name).get()).hasUnit(unit).hasLongGaugeSatisfying(g -> {});
    assertThat(metrics.longValue(name, attributes)).as(name + " at " + attributes).hasValue(value);
  }

  private static void assertSum(
      CollectedMetrics metrics,
      String name,
      String unit,
      boolean monotonic,
      Attributes attributes,
      long value) {
    assertThat(metrics.metric(name)).as(name).isPresent();
    assertThat(metrics.metric(name).get())
        .hasUnit(unit)
        .hasLongSumSatisfying(
            s -> {
              if (monotonic) {
                s.isMonotonic();
              } else {
                s.isNotMonotonic();
              }
              s.isCumulative();
            });
    assertThat(metrics.longValue(name, attributes)).as(name + " at " + attributes).hasValue(value);
  }
}
