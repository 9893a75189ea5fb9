package dev.redlens.info;

import static dev.redlens.info.ServerMetricNames.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.redlens.testing.InMemoryTelemetry;
import dev.redlens.testing.RedisBinary;
import dev.redlens.testing.RedisCluster;
import dev.redlens.testing.RedisClusterExtension;
import dev.redlens.testing.RedisServer;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cluster discovery on Redis 6.2, which has no {@code CLUSTER SHARDS}: {@code CLUSTER NODES}
 * instead, and the refused {@code CLUSTER SHARDS} asked only once (it counts in errorstats).
 */
@Tag("cluster")
class ServerMetricsClusterOnRedis62Test {
  @RegisterExtension
  static final RedisClusterExtension redis =
      RedisClusterExtension.create(
          b -> b.binary(RedisBinary.embedded()).masters(3).replicasPerMaster(1));

  @Test
  void everyNodeIsFoundThroughClusterNodes() {
    RedisCluster cluster = redis.cluster();
    RedisServer seed = cluster.seed();
    assertThat(seed.info("server")).contains("redis_version:6.2.");
    try (InMemoryTelemetry telemetry = new InMemoryTelemetry();
        ServerMetrics metrics =
            ServerMetrics.builder(telemetry.openTelemetry())
                .addCluster(seed.uri())
                .setInterval(Duration.ofMillis(100))
                .start()) {
      Set<Integer> all =
          cluster.nodes().stream().map(RedisServer::port).collect(Collectors.toSet());
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> reportingPorts(CollectedMetrics.of(telemetry.collect())).equals(all));
      // several more rounds, each asking the seed for the topology
      for (int round = 0; round < 5; round++) {
        metrics.pollNow().join();
      }

      String errors = seed.info("errorstats");
      assertThat(errors)
          .as("CLUSTER SHARDS refused once, not every round")
          .contains("errorstat_ERR:count=1");
    }
  }

  private static Set<Integer> reportingPorts(CollectedMetrics collected) {
    return collected.points(SERVER_INFO).stream()
        .map(p -> p.getAttributes().get(SERVER_PORT).intValue())
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
