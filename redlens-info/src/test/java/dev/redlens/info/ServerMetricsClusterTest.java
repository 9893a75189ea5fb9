package dev.redlens.info;

import static dev.redlens.info.MetricsUnderTest.value;
import static dev.redlens.info.ServerMetricNames.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.redlens.testing.InMemoryTelemetry;
import dev.redlens.testing.RedisCluster;
import dev.redlens.testing.RedisClusterExtension;
import dev.redlens.testing.RedisServer;
import io.opentelemetry.sdk.metrics.data.PointData;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link ServerMetrics#builder} {@code .addCluster(seed)} against a real cluster of 3 masters and 3
 * replicas: every node discovered from one seed, failover, added and removed nodes followed, and a
 * paused node holding up no other.
 */
@Tag("cluster")
class ServerMetricsClusterTest {
  private static final Duration INTERVAL = Duration.ofMillis(200);
  private static final Duration FAILOVER = Duration.ofSeconds(60);

  @RegisterExtension static final RedisClusterExtension redis = RedisClusterExtension.create(3, 1);

  private InMemoryTelemetry telemetry;
  private ServerMetrics metrics;

  @AfterEach
  void close() {
    if (metrics != null) {
      metrics.close();
      telemetry.close();
    }
  }

  @Test
  void everyNodeFromOneSeedThenFiveAfterAMasterIsKilledWithThePromotedNodesRoleChanged() {
    RedisCluster cluster = redis.cluster();
    RedisServer master = cluster.masters().get(0);
    RedisServer replica = cluster.replicasOf(master).get(0);
    start(cluster.replicas().get(1).uri(), Duration.ofSeconds(2)); // any node will do as seed

    await().atMost(FAILOVER).until(() -> reportingPorts(collect()).size() == 6);
    CollectedMetrics collected = collect();
    assertThat(reportingPorts(collected)).isEqualTo(ports(cluster.nodes()));
    assertThat(roles(collected)).isEqualTo(expectedRoles(cluster));
    for (RedisServer node : cluster.nodes()) {
      assertThat(value(collected, CLUSTER_STATE, node, CLUSTER_STATE_ATTRIBUTE, "ok")).isEqualTo(1);
      assertThat(value(collected, CLUSTER_SLOTS_ASSIGNED, node)).isEqualTo(16384);
      assertThat(value(collected, CLUSTER_SLOTS_OK, node)).isEqualTo(16384);
      assertThat(value(collected, CLUSTER_SLOTS_PFAIL, node)).isZero();
      assertThat(value(collected, CLUSTER_SLOTS_FAIL, node)).isZero();
      assertThat(value(collected, CLUSTER_KNOWN_NODES, node)).isEqualTo(6);
      assertThat(value(collected, CLUSTER_NODE_COUNT, node)).isEqualTo(3);
      assertThat(value(collected, CLUSTER_CURRENT_EPOCH, node)).isPositive();
      assertThat(value(collected, MEMORY_USED, node)).isPositive();
    }
    for (RedisServer node : cluster.replicas()) {
      assertThat(value(collected, REPLICATION_MASTER_LINK_UP, node)).isEqualTo(1);
      assertThat(value(collected, REPLICATION_MASTER_LAST_IO, node)).isNotNegative();
    }

    RedisServer promoted = cluster.killMaster(master);

    assertThat(promoted).isEqualTo(replica);
    await()
        .atMost(FAILOVER)
        .untilAsserted(
            () -> {
              CollectedMetrics after = collect();
              assertThat(reportingPorts(after)).isEqualTo(ports(cluster.runningNodes()));
              assertThat(roles(after).get(promoted.port())).isEqualTo("primary");
            });
    CollectedMetrics after = collect();
    assertThat(reportingPorts(after)).hasSize(5).doesNotContain(master.port());
    assertThat(roles(after)).isEqualTo(expectedRoles(cluster));
    assertThat(metrics.node(master.host(), master.port()))
        .as("the dead master stays listed by the cluster: polled, failing, counted")
        .hasValueSatisfying(status -> assertThat(status.isUp()).isFalse());
    assertThat(after.pointsOfNode(POLL_FAILURES, master.port())).isNotEmpty();
  }

  @Test
  void anAddedNodeIsPolledAndARemovedNodesSeriesDisappear() {
    RedisCluster cluster = redis.cluster();
    start(cluster.seed().uri(), Duration.ofSeconds(2));
    await().atMost(FAILOVER).until(() -> reportingPorts(collect()).size() == 6);

    RedisServer added = cluster.addNode();
    await().atMost(FAILOVER).until(() -> reportingPorts(collect()).equals(ports(cluster.nodes())));
    assertThat(roles(collect()).get(added.port())).isEqualTo("primary");

    cluster.removeNode(added);
    await().atMost(FAILOVER).until(() -> metrics.node(added.host(), added.port()).isEmpty());
    CollectedMetrics collected = collect();
    for (var metric : collected.all()) {
      assertThat(collected.pointsOfNode(metric.getName(), added.port()))
          .as(metric.getName() + " of a node no longer in the cluster")
          .isEmpty();
    }
    assertThat(reportingPorts(collected)).isEqualTo(ports(cluster.nodes()));
  }

  /**
   * A replica is paused (a master paused that long would be failed over) for longer than the other
   * nodes need for several polls each; polled one after the other, they would all wait for it.
   */
  @Test
  void aNodePausedWithDebugSleepDelaysNoOtherNodesPoll() {
    RedisCluster cluster = redis.cluster();
    RedisServer seed = cluster.masters().get(0);
    // timeout longer than the pause: only concurrency lets the others through
    start(seed.uri(), Duration.ofSeconds(30));
    await()
        .atMost(FAILOVER)
        .until(() -> metrics.nodes().stream().filter(NodeStatus::isUp).count() == 6);
    RedisServer sleeper = cluster.replicas().get(0);
    List<RedisServer> others = cluster.nodes().stream().filter(n -> !n.equals(sleeper)).toList();

    Instant pausedAt = Instant.now();
    CompletableFuture<Object> sleeping =
        CompletableFuture.supplyAsync(() -> sleeper.call("DEBUG", "SLEEP", "8"));
    Map<Integer, Set<Instant>> pollsWhileAsleep = new HashMap<>();
    await()
        .atMost(FAILOVER)
        .until(
            () -> {
              for (RedisServer node : others) {
                Instant success =
                    metrics.node(node.host(), node.port()).orElseThrow().lastSuccessTime();
                if (success.isAfter(pausedAt) && !sleeping.isDone()) {
                  pollsWhileAsleep.computeIfAbsent(node.port(), p -> new HashSet<>()).add(success);
                }
              }
              return sleeping.isDone()
                  || others.stream()
                      .allMatch(n -> pollsWhileAsleep.getOrDefault(n.port(), Set.of()).size() >= 4);
            });

    assertThat(sleeping).as("the paused node was still asleep").isNotDone();
    assertThat(pollsWhileAsleep.keySet()).isEqualTo(ports(others));
    sleeping.join();
  }

  private void start(String seedUri, Duration timeout) {
    telemetry = new InMemoryTelemetry();
    metrics =
        ServerMetrics.builder(telemetry.openTelemetry())
            .addCluster(seedUri)
            .setInterval(INTERVAL)
            .setTimeout(timeout)
            .start();
  }

  private CollectedMetrics collect() {
    return CollectedMetrics.of(telemetry.collect());
  }

  /** Ports of the nodes that export server metrics (not only poll failures). */
  private static Set<Integer> reportingPorts(CollectedMetrics collected) {
    return collected.points(SERVER_INFO).stream()
        .map(p -> p.getAttributes().get(SERVER_PORT).intValue())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Map<Integer, String> roles(CollectedMetrics collected) {
    Map<Integer, String> roles = new TreeMap<>();
    for (PointData point : collected.points(ROLE)) {
      roles.put(
          point.getAttributes().get(SERVER_PORT).intValue(),
          point.getAttributes().get(ROLE_ATTRIBUTE));
    }
    return roles;
  }

  private static Map<Integer, String> expectedRoles(RedisCluster cluster) {
    Map<Integer, String> roles = new TreeMap<>();
    cluster.masters().forEach(m -> roles.put(m.port(), "primary"));
    cluster.replicas().forEach(r -> roles.put(r.port(), "replica"));
    return roles;
  }

  private static Set<Integer> ports(List<RedisServer> nodes) {
    return nodes.stream().map(RedisServer::port).collect(Collectors.toCollection(TreeSet::new));
  }
}
