package dev.redlens.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The Sentinel fixture against real processes: sentinels agree, failover moves the master. */
@Tag("sentinel")
class RedisSentinelTest {

  private static RedisSentinel sentinel;

  @BeforeAll
  static void start() {
    sentinel = RedisSentinel.builder().replicas(1).sentinels(3).start();
  }

  @AfterAll
  static void stop() {
    sentinel.close();
  }

  @Test
  void sentinelsMonitorTheMasterAndItsReplicaAndFailOver() {
    RedisServer master = sentinel.master();
    assertThat(master).isEqualTo(sentinel.dataNodes().get(0));
    List<RedisServer> replicas = sentinel.replicas();
    assertThat(replicas).hasSize(1);
    for (SentinelNode node : sentinel.sentinels()) {
      assertThat(node.port()).isNotEqualTo(6379).isNotEqualTo(26379);
      assertThat(node.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster"))
          .isEqualTo(List.of("127.0.0.1", Integer.toString(master.port())));
    }
    assertThat(sentinel.uri())
        .matches(
            "redis-sentinel://127\\.0\\.0\\.1:\\d+,127\\.0\\.0\\.1:\\d+,127\\.0\\.0\\.1:\\d+#mymaster");
    master.execute("SET", "k", "v");

    RedisServer promoted = sentinel.failover();

    assertThat(promoted).isEqualTo(replicas.get(0));
    assertThat(sentinel.master()).isEqualTo(promoted);
    assertThat(promoted.info("replication")).contains("role:master");
    assertThat(promoted.execute("GET", "k")).isEqualTo("v");
    assertThat(master.info("replication")).contains("role:slave", "master_port:" + promoted.port());
    for (SentinelNode node : sentinel.sentinels()) {
      assertThat(node.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster"))
          .isEqualTo(List.of("127.0.0.1", Integer.toString(promoted.port())));
    }
  }

  @Test
  void killingTheMasterMakesTheSentinelsPromoteAReplica() {
    RedisServer master = sentinel.master();
    RedisServer replica = sentinel.replicas().get(0);

    RedisServer promoted = sentinel.killMaster();

    assertThat(promoted).isEqualTo(replica);
    assertThat(master.isRunning()).isFalse();
    assertThat(promoted.info("replication")).contains("role:master");
    for (SentinelNode node : sentinel.sentinels()) {
      assertThat(node.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster"))
          .isEqualTo(List.of("127.0.0.1", Integer.toString(promoted.port())));
    }

    sentinel.restartKilledNodes();

    assertThat(master.isRunning()).isTrue();
    assertThat(master.info("replication"))
        .contains("role:slave", "master_port:" + promoted.port(), "master_link_status:up");
    assertThat(sentinel.replicas()).containsExactly(master);
  }
}
