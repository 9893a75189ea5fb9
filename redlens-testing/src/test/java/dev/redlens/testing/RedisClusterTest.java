package dev.redlens.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redlens.testing.internal.RespConnection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The cluster fixture against real nodes: formed, failed over, slots migrated, reset. */
@Tag("cluster")
class RedisClusterTest {

  @RegisterExtension static final RedisClusterExtension redis = RedisClusterExtension.create(3, 1);

  @Test
  void formsAHealthyClusterOfThreeMastersEachWithOneReplica() {
    RedisCluster cluster = redis.cluster();
    assertThat(cluster.nodes()).hasSize(6);
    assertThat(cluster.masters()).hasSize(3);
    assertThat(cluster.replicas()).hasSize(3);
    Set<RedisServer> replicas = new HashSet<>();
    for (RedisServer master : cluster.masters()) {
      assertThat(master.info("replication")).contains("role:master");
      assertThat(cluster.replicasOf(master)).hasSize(1);
      replicas.addAll(cluster.replicasOf(master));
    }
    assertThat(replicas).containsExactlyInAnyOrderElementsOf(cluster.replicas());
    for (RedisServer node : cluster.nodes()) {
      String info = node.execute("CLUSTER", "INFO");
      assertThat(info).contains("cluster_state:ok", "cluster_slots_assigned:16384");
      assertThat(info).contains("cluster_known_nodes:6");
      assertThat(node.port()).isNotEqualTo(6379);
    }
  }

  @Test
  void theOwnerOfAKeyAcceptsItAndEveryOtherMasterRedirectsThere() {
    RedisCluster cluster = redis.cluster();
    for (String key : List.of("a", "b", "user:1", "{tag}x", "order:42")) {
      RedisServer owner = cluster.masterForKey(key);
      assertThat(owner.execute("SET", key, "v")).isEqualTo("OK");
      for (RedisServer other : cluster.masters()) {
        if (!other.equals(owner)) {
          assertThatThrownBy(() -> other.call("GET", key))
              .isInstanceOf(RespConnection.ReplyError.class)
              .hasMessage("MOVED " + cluster.slot(key) + " 127.0.0.1:" + owner.port());
        }
      }
    }
    assertThat(cluster.slot("{tag}x")).isEqualTo(cluster.slot("{tag}y"));
  }

  @Test
  void killingAMasterPromotesItsReplicaAndResetBringsTheOldMasterBackAsReplica() {
    RedisCluster cluster = redis.cluster();
    RedisServer master = cluster.masterForKey("k");
    RedisServer replica = cluster.replicasOf(master).get(0);
    master.execute("SET", "k", "before");
    assertThat(replica.info("replication")).contains("role:slave");

    RedisServer promoted = cluster.killMaster(master);

    assertThat(promoted).isEqualTo(replica);
    assertThat(master.isRunning()).isFalse();
    assertThat(promoted.info("replication")).contains("role:master");
    assertThat(cluster.masterForKey("k")).isEqualTo(promoted);
    assertThat(cluster.masters()).hasSize(3).doesNotContain(master);
    assertThat(promoted.execute("SET", "k", "after")).isEqualTo("OK");
    for (RedisServer node : cluster.runningNodes()) {
      assertThat(node.execute("CLUSTER", "INFO")).contains("cluster_state:ok");
    }

    cluster.reset();

    assertThat(master.isRunning()).isTrue();
    assertThat(cluster.replicasOf(promoted)).containsExactly(master);
    assertThat(master.info("replication")).contains("role:slave");
  }

  @Test
  void aSlotInMigrationAnswersAskForMovedKeysAndMovedOnceComplete() {
    RedisCluster cluster = redis.cluster();
    String key = "migrating";
    int slot = cluster.slot(key);
    RedisServer source = cluster.masterOf(slot);
    RedisServer target =
        cluster.masters().stream().filter(m -> !m.equals(source)).findFirst().orElseThrow();
    source.execute("SET", key, "v");

    SlotMigration migration = cluster.startSlotMigration(slot, target);
    assertThat(source.execute("GET", key)).isEqualTo("v"); // still held by the source
    assertThat(migration.moveKeys()).isEqualTo(1);
    assertThatThrownBy(() -> source.call("GET", key))
        .hasMessage("ASK " + slot + " 127.0.0.1:" + target.port());
    assertThatThrownBy(() -> target.call("GET", key)) // without ASKING
        .hasMessage("MOVED " + slot + " 127.0.0.1:" + source.port());

    migration.complete();

    assertThat(cluster.masterOf(slot)).isEqualTo(target);
    assertThat(target.execute("GET", key)).isEqualTo("v");
    assertThatThrownBy(() -> source.call("GET", key))
        .hasMessage("MOVED " + slot + " 127.0.0.1:" + target.port());
    for (RedisServer node : cluster.runningNodes()) {
      assertThat(node.execute("CLUSTER", "INFO")).contains("cluster_state:ok");
    }
  }

  @Test
  void resetAbandonsAnUnfinishedMigrationAndEmptiesTheMasters() {
    RedisCluster cluster = redis.cluster();
    int slot = cluster.slot("left-behind");
    RedisServer source = cluster.masterOf(slot);
    RedisServer target =
        cluster.masters().stream().filter(m -> !m.equals(source)).findFirst().orElseThrow();
    source.execute("SET", "left-behind", "v");
    cluster.startSlotMigration(slot, target);

    cluster.reset();

    assertThat(cluster.masterOf(slot)).isEqualTo(source);
    assertThat(source.execute("CLUSTER", "NODES")).doesNotContain("[" + slot + "->-");
    assertThat(source.execute("GET", "left-behind")).isEmpty();
    assertThat(source.execute("DBSIZE")).isEqualTo("0");
  }

  @Test
  void aNodeAddedJoinsAsAnEmptyMasterAndARemovedOneIsForgotten() {
    RedisCluster cluster = redis.cluster();

    RedisServer added = cluster.addNode();

    assertThat(cluster.nodes()).hasSize(7).contains(added);
    for (RedisServer node : cluster.runningNodes()) {
      assertThat(node.execute("CLUSTER", "INFO")).contains("cluster_known_nodes:7");
    }
    assertThat(added.execute("CLUSTER", "NODES")).contains("myself,master");
    assertThat(cluster.masters()).hasSize(3).doesNotContain(added); // serves no slot

    String id = cluster.nodeId(added);
    cluster.removeNode(added);

    assertThat(added.isRunning()).isFalse();
    assertThat(cluster.nodes()).hasSize(6).doesNotContain(added);
    for (RedisServer node : cluster.runningNodes()) {
      assertThat(node.execute("CLUSTER", "NODES")).doesNotContain(id);
      assertThat(node.execute("CLUSTER", "INFO")).contains("cluster_known_nodes:6");
    }
  }
}
