package dev.redlens.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The cluster and Sentinel fixtures with the embedded Redis 6.2 binary (no {@code CLUSTER SHARDS},
 * no {@code redis-cli}), whatever {@code redis-server} the {@code PATH} has.
 */
@Tag("cluster")
@Tag("sentinel")
class FixturesOnRedis62Test {

  @Test
  void aClusterFormsAndFailsOver() {
    try (RedisCluster cluster =
        RedisCluster.builder()
            .binary(RedisBinary.embedded())
            .masters(3)
            .replicasPerMaster(1)
            .start()) {
      assertThat(cluster.seed().binary().version()).startsWith("6.2.");
      assertThat(cluster.masters()).hasSize(3);
      RedisServer master = cluster.masterForKey("k");
      RedisServer replica = cluster.replicasOf(master).get(0);

      assertThat(cluster.killMaster(master)).isEqualTo(replica);

      assertThat(replica.info("replication")).contains("role:master");
      assertThat(replica.execute("SET", "k", "v")).isEqualTo("OK");
    }
  }

  @Test
  void aSentinelSetupFailsOver() {
    try (RedisSentinel sentinel =
        RedisSentinel.builder().binary(RedisBinary.embedded()).replicas(1).sentinels(1).start()) {
      RedisServer replica = sentinel.replicas().get(0);

      assertThat(sentinel.failover()).isEqualTo(replica);

      assertThat(replica.info("server")).contains("redis_version:6.2.");
      assertThat(replica.info("replication")).contains("role:master");
    }
  }
}
