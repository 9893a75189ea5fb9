package dev.redlens.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redlens.testing.RedisCluster;
import dev.redlens.testing.RedisServer;
import dev.redlens.testing.SlotMigration;
import io.lettuce.core.cluster.SlotHash;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ProjectCleanup} on a Redis Cluster whose slot migration was cut short: the project's slot
 * is {@code MIGRATING} on its master and {@code IMPORTING} on another, and some of its keys were
 * moved ({@code MIGRATE}) while the rest stayed. The importing node lists the moved keys ({@code
 * SCAN}, {@code KEYS}) but answers {@code MOVED} to a command on them unless it comes right after
 * {@code ASKING}. Another project in the same slot, an unscoped key of that slot and projects on
 * other masters are split or placed around it and must survive byte for byte. One subclass per
 * client supplies the runners ({@link #masters()}, {@link #nodeRunner}); the cluster (3 masters, no
 * replica) is the subclass's, reset before every test (open migrations abandoned, keys flushed).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // guards against a hang, not a performance bound
abstract class ProjectCleanupMigrationSuite {

  static final String A = IsolationAttackTest.A;

  /** The cluster of the subclass's extension. */
  abstract RedisCluster cluster();

  /** One runner per master, from the client's cluster connection (closed by the subclass). */
  abstract List<RedisCommandRunner> masters();

  /** A runner over a client of {@code node} alone, as one would build by hand. */
  abstract RedisCommandRunner nodeRunner(RedisServer node);

  /** The state the tests start from: A's slot half-migrated, with neighbours. */
  record Split(
      SlotMigration migration,
      RedisServer source,
      RedisServer target,
      String sameSlotProject,
      Map<RedisServer, TreeSet<String>> othersKeys) {}

  static final int A_KEYS = 40;
  static final int A_MOVED = 15;
  static final int C_KEYS = 10;
  static final int C_MOVED = 4;

  Split cutShortMigration() {
    RedisCluster cluster = cluster();
    String prefixA = ProjectKeyspace.of(A).keyPrefix();
    int slot = cluster.slot(prefixA + "k");
    RedisServer source = cluster.masterOf(slot);
    List<RedisServer> others = cluster.masters().stream().filter(m -> !m.equals(source)).toList();
    RedisServer target = others.get(0);
    String c = projectInSlot(slot);
    String d = projectOwnedBy(target);
    String prefixC = ProjectKeyspace.of(c).keyPrefix();
    for (int i = 0; i < A_KEYS; i++) {
      switch (i % 3) {
        case 0 -> source.call("SET", prefixA + "s" + i, "a" + i);
        case 1 -> source.call("RPUSH", prefixA + "l" + i, "x", "y");
        default -> source.call("HSET", prefixA + "h" + i, "f", "v");
      }
    }
    for (int i = 0; i < C_KEYS; i++) {
      source.call("SET", prefixC + "k" + i, "c" + i);
    }
    // not a project's key, same hash tag hence same slot, and a prefix that A's pattern must miss
    source.call("SET", "tenant:{" + A + "}:x", "unscoped");
    source.call("SET", "project:{" + A + "}x", "no colon");
    for (int i = 0; i < 5; i++) {
      target.call("SET", ProjectKeyspace.of(d).keyPrefix() + "k" + i, "d" + i);
    }
    String e = projectOwnedBy(others.get(1));
    for (int i = 0; i < 3; i++) {
      others.get(1).call("SET", ProjectKeyspace.of(e).keyPrefix() + "k" + i, "e" + i);
    }

    SlotMigration migration = cluster.startSlotMigration(slot, target);
    migration.moveKeys(keys(source, prefixA + "*").subList(0, A_MOVED));
    migration.moveKeys(keys(source, prefixC + "*").subList(0, C_MOVED));

    // the migration is cut short: A's and C's keys are on both nodes
    assertThat(keys(source, prefixA + "*")).hasSize(A_KEYS - A_MOVED);
    assertThat(keys(target, prefixA + "*")).hasSize(A_MOVED);
    assertThat(countKeysInSlot(target, slot)).isEqualTo(A_MOVED + C_MOVED);
    assertThat(countKeysInSlot(source, slot)).isEqualTo(A_KEYS - A_MOVED + C_KEYS - C_MOVED + 2);
    assertThat(isMigrating(source, slot, cluster.nodeId(target))).isTrue();
    assertThat(isImporting(target, slot, cluster.nodeId(source))).isTrue();
    // the importing node hides the moved keys from a command that does not come after ASKING
    assertThatThrownBy(() -> target.call("EXISTS", keys(target, prefixA + "*").get(0)))
        .hasMessageContaining("MOVED");

    Map<RedisServer, TreeSet<String>> othersKeys = new HashMap<>();
    for (RedisServer master : cluster.masters()) {
      othersKeys.put(master, keysOfOthers(master));
    }
    assertThat(othersKeys.get(source)).hasSize(C_KEYS - C_MOVED + 2);
    assertThat(othersKeys.get(target)).hasSize(C_MOVED + 5);
    return new Split(migration, source, target, c, othersKeys);
  }

  @Test
  void cleanupDeletesTheProjectsKeysOnBothNodesOfAMigrationCutShortAndNothingElse() {
    Split split = cutShortMigration();
    int slot = split.migration().slot();
    ProjectCleanup cleanup = ProjectCleanup.of(ProjectKeyspace.of(A)).withBatchSize(7);
    List<RedisCommandRunner> masters = masters();
    assertThat(masters).hasSize(3);
    assertThat(cleanup.count(masters)).isEqualTo(A_KEYS);

    assertThat(cleanup.deleteAll(masters)).isEqualTo(A_KEYS);

    for (RedisServer master : cluster().masters()) {
      assertThat(keys(master, "project:{" + A + "}:*")).as("A's keys on " + master).isEmpty();
      assertThat(keysOfOthers(master))
          .as(master.toString())
          .isEqualTo(split.othersKeys().get(master));
    }
    assertThat(countKeysInSlot(split.target(), slot)).isEqualTo(C_MOVED);
    assertThat(countKeysInSlot(split.source(), slot)).isEqualTo(C_KEYS - C_MOVED + 2);
    assertThat(cleanup.count(masters)).isZero();
    assertThat(cleanup.deleteAll(masters)).isZero();
    // the cleanup left the migration as it found it
    assertThat(isMigrating(split.source(), slot, cluster().nodeId(split.target()))).isTrue();
    assertThat(isImporting(split.target(), slot, cluster().nodeId(split.source()))).isTrue();

    // finishing the migration brings back none of A's keys and all of the others'
    split.migration().complete();
    assertThat(cluster().masterOf(slot)).isEqualTo(split.target());
    assertThat(keys(split.target(), "project:{" + A + "}:*")).isEmpty();
    assertThat(keys(split.source(), "*")).isEmpty();
    TreeSet<String> expected = new TreeSet<>(split.othersKeys().get(split.target()));
    expected.addAll(split.othersKeys().get(split.source()));
    assertThat(keysOfOthers(split.target())).isEqualTo(expected);
    assertThat(
            split
                .target()
                .call("GET", ProjectKeyspace.of(split.sameSlotProject()).keyPrefix() + "k0"))
        .isEqualTo("c0");
  }

  @Test
  void runnersOverOneNodeEachCleanTheImportingNodeToo() {
    Split split = cutShortMigration();
    ProjectCleanup cleanup = ProjectCleanup.of(ProjectKeyspace.of(A)).withBatchSize(4);
    assertThat(cleanup.deleteAll(nodeRunner(split.target()))).isEqualTo(A_MOVED);
    assertThat(cleanup.deleteAll(nodeRunner(split.source()))).isEqualTo(A_KEYS - A_MOVED);
    for (RedisServer master : cluster().masters()) {
      assertThat(keys(master, "project:{" + A + "}:*")).as("A's keys on " + master).isEmpty();
      assertThat(keysOfOthers(master))
          .as(master.toString())
          .isEqualTo(split.othersKeys().get(master));
    }
  }

  @Test
  void keysStrandedByARevertedMigrationAreReportedAndGoOnceTheSlotIsImportedAgain() {
    Split split = cutShortMigration();
    int slot = split.migration().slot();
    // reverted: both nodes forget the migration (SETSLOT STABLE); the moved keys stay on the
    // target, in a slot it neither serves nor imports, where no command on a key reaches them
    for (RedisServer node : List.of(split.source(), split.target())) {
      node.call("CLUSTER", "SETSLOT", Integer.toString(slot), "STABLE");
    }
    ProjectCleanup cleanup = ProjectCleanup.of(ProjectKeyspace.of(A)).withBatchSize(7);
    List<RedisCommandRunner> masters = masters();

    assertThatThrownBy(() -> cleanup.deleteAll(masters))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("slot " + slot)
        .hasMessageContaining("neither serves nor imports");

    // every master was cleaned anyway; only the stranded keys are left, and counted
    assertThat(keys(split.source(), "project:{" + A + "}:*")).isEmpty();
    assertThat(keys(split.target(), "project:{" + A + "}:*")).hasSize(A_MOVED);
    assertThat(cleanup.count(masters)).isEqualTo(A_MOVED);
    for (RedisServer master : cluster().masters()) {
      assertThat(keysOfOthers(master))
          .as(master.toString())
          .isEqualTo(split.othersKeys().get(master));
    }

    // once the slot is being imported again (as redis-cli --cluster fix would), they go
    cluster().startSlotMigration(slot, split.target());
    assertThat(cleanup.deleteAll(masters)).isEqualTo(A_MOVED);
    assertThat(keys(split.target(), "project:{" + A + "}:*")).isEmpty();
    assertThat(keysOfOthers(split.target())).isEqualTo(split.othersKeys().get(split.target()));
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** A project id (not A) whose keys hash to {@code slot}. */
  static String projectInSlot(int slot) {
    for (long i = 0; ; i++) {
      String id = String.format("00000000-0000-4000-8000-%012x", i);
      if (!id.equals(A) && SlotHash.getSlot(id) == slot) {
        return id;
      }
    }
  }

  /** A project id whose slot {@code master} serves. */
  String projectOwnedBy(RedisServer master) {
    for (long i = 0; ; i++) {
      String id = String.format("dddddddd-0000-4000-8000-%012x", i);
      if (cluster().masterOf(SlotHash.getSlot(id)).equals(master)) {
        return id;
      }
    }
  }

  /** The node's keys matching {@code pattern} (KEYS lists keys of an importing slot as well). */
  static List<String> keys(RedisServer node, String pattern) {
    List<String> keys = new ArrayList<>();
    for (Object key : (List<?>) node.call("KEYS", pattern)) {
      keys.add((String) key);
    }
    keys.sort(null);
    return keys;
  }

  /**
   * The names of the node's keys but A's (names only: a command on a key of an importing slot would
   * be answered MOVED).
   */
  static TreeSet<String> keysOfOthers(RedisServer node) {
    TreeSet<String> keys = new TreeSet<>();
    for (String key : keys(node, "*")) {
      if (!key.startsWith("project:{" + A + "}:")) {
        keys.add(key);
      }
    }
    return keys;
  }

  static long countKeysInSlot(RedisServer node, int slot) {
    return (Long) node.call("CLUSTER", "COUNTKEYSINSLOT", Integer.toString(slot));
  }

  static boolean isMigrating(RedisServer node, int slot, String to) {
    return myself(node).contains("[" + slot + "->-" + to + "]");
  }

  static boolean isImporting(RedisServer node, int slot, String from) {
    return myself(node).contains("[" + slot + "-<-" + from + "]");
  }

  private static String myself(RedisServer node) {
    for (String line : node.execute("CLUSTER", "NODES").split("\n")) {
      if (line.contains("myself")) {
        return line;
      }
    }
    throw new IllegalStateException("no myself line on " + node);
  }
}
