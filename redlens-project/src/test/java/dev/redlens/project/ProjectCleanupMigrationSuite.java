package dev.redlens.project;

import static dev.redlens.project.MigrationProbes.byNodeId;
import static dev.redlens.project.MigrationProbes.countKeysInSlot;
import static dev.redlens.project.MigrationProbes.everyOther;
import static dev.redlens.project.MigrationProbes.isImporting;
import static dev.redlens.project.MigrationProbes.isMigrating;
import static dev.redlens.project.MigrationProbes.keys;
import static dev.redlens.project.MigrationProbes.keysOfOthers;
import static dev.redlens.project.MigrationProbes.projectInSlot;
import static dev.redlens.project.MigrationProbes.withoutCluster;
import static java.nio.charset.StandardCharsets.UTF_8;
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
 * other masters are split or placed around it and must survive byte for byte. From that state, the
 * migration also goes on while the cleanup runs: a runner wrapper ({@link
 * MigrateBeforeUnlinkRunner}, or a lambda) moves keys, or finishes the migration, at a chosen
 * command, which makes the race deterministic. One subclass per client supplies the runners ({@link
 * #masters()}, {@link #nodeRunner}); the cluster (3 masters, no replica) is the subclass's, reset
 * before every test (open migrations abandoned, keys flushed).
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

  /**
   * The race of a migration under way: the source's SCAN listed keys that the migration moves
   * before the UNLINK of their batch arrives. The source answers {@code TRYAGAIN} to a batch that
   * it holds only some of and {@code ASK} to one it holds none of (and to each moved key alone).
   * The runners cannot tell which node migrates and which imports ({@code CLUSTER} refused, as an
   * ACL may), so the target is cleaned first and the moved keys land on a node already cleaned.
   */
  @Test
  void keysMovedBetweenTheSourcesScanAndItsUnlinkAreDeletedOnTheTargetToo() {
    Split split = cutShortMigration();
    int slot = split.migration().slot();
    Map<String, RedisCommandRunner> byId = byNodeId(masters());
    MigrateBeforeUnlinkRunner source =
        new MigrateBeforeUnlinkRunner(
            byId.remove(cluster().nodeId(split.source())),
            split.migration(),
            2,
            (n, keys) -> n == 0 ? everyOther(keys) : keys);
    List<RedisCommandRunner> masters = new ArrayList<>();
    masters.add(withoutCluster(byId.remove(cluster().nodeId(split.target()))));
    masters.addAll(byId.values());
    masters.add(withoutCluster(source));
    ProjectCleanup cleanup = ProjectCleanup.of(ProjectKeyspace.of(A)).withBatchSize(7);

    assertThat(cleanup.deleteAll(masters)).isEqualTo(A_KEYS);

    assertThat(source.moved).hasSize(4 + 7);
    assertThat(source.errors).anyMatch(m -> m.startsWith("TRYAGAIN"));
    assertThat(source.errors).anyMatch(m -> m.startsWith("ASK " + slot + " "));
    assertEveryKeyOfAGoneAndTheOthersIntact(split);
    assertThat(cleanup.count(masters)).isZero();
    assertThat(isMigrating(split.source(), slot, cluster().nodeId(split.target()))).isTrue();
    assertThat(isImporting(split.target(), slot, cluster().nodeId(split.source()))).isTrue();
  }

  /**
   * Keys that a migration under way moves from the source to the target while a third master is
   * being cleaned: neither node answers an error, so only the order (the source before the target)
   * keeps the cleanup from missing them. The runners come target first; the third master's runner
   * moves every key of the slot left on the source before its first SCAN.
   */
  @Test
  void keysMovedWhileAnotherMasterIsCleanedAreNotMissed() {
    Split split = cutShortMigration();
    int slot = split.migration().slot();
    Map<String, RedisCommandRunner> byId = byNodeId(masters());
    RedisCommandRunner target = byId.remove(cluster().nodeId(split.target()));
    RedisCommandRunner source = byId.remove(cluster().nodeId(split.source()));
    RedisCommandRunner third = byId.values().iterator().next();
    List<Integer> movedBeforeScan = new ArrayList<>();
    RedisCommandRunner thirdMoving =
        command -> {
          if (movedBeforeScan.isEmpty() && new String(command.get(0), UTF_8).equals("SCAN")) {
            movedBeforeScan.add(split.migration().moveKeys());
          }
          return third.run(command);
        };
    ProjectCleanup cleanup = ProjectCleanup.of(ProjectKeyspace.of(A)).withBatchSize(7);

    assertThat(cleanup.deleteAll(List.of(target, thirdMoving, source))).isEqualTo(A_KEYS);

    // the migration did move the rest of the slot (the other project's and the unscoped keys)
    assertThat(movedBeforeScan).hasSize(1);
    assertThat(countKeysInSlot(split.source(), slot)).isZero();
    TreeSet<String> others = new TreeSet<>(split.othersKeys().get(split.source()));
    others.addAll(split.othersKeys().get(split.target()));
    assertThat(keysOfOthers(split.target())).isEqualTo(others);
    assertThat(keys(split.target(), "project:{" + A + "}:*")).isEmpty();
    assertThat(keys(split.source(), "*")).isEmpty();
    assertThat(cleanup.count(List.of(target, source, third))).isZero();
  }

  /**
   * The migration finishes between the source's SCAN and its first UNLINK: the source no longer
   * serves the slot and answers {@code MOVED}, also after {@code ASKING}, but holds none of its
   * keys, so they are not stranded: the slot's new master deletes them.
   */
  @Test
  void keysOfAMigrationFinishedBetweenTheSourcesScanAndItsUnlinkAreDeletedOnTheNewMaster() {
    Split split = cutShortMigration();
    int slot = split.migration().slot();
    Map<String, RedisCommandRunner> byId = byNodeId(masters());
    List<RedisCommandRunner> masters = new ArrayList<>();
    MigrateBeforeUnlinkRunner source =
        new MigrateBeforeUnlinkRunner(
            byId.remove(cluster().nodeId(split.source())),
            split.migration(),
            1,
            (n, keys) -> {
              split.migration().complete();
              return List.of();
            });
    masters.add(source);
    masters.addAll(byId.values());
    ProjectCleanup cleanup = ProjectCleanup.of(ProjectKeyspace.of(A)).withBatchSize(7);

    assertThat(cleanup.deleteAll(masters)).isEqualTo(A_KEYS);

    assertThat(source.errors).anyMatch(m -> m.startsWith("MOVED " + slot + " "));
    assertThat(cluster().masterOf(slot)).isEqualTo(split.target());
    assertThat(keys(split.source(), "*")).isEmpty();
    TreeSet<String> others = new TreeSet<>(split.othersKeys().get(split.source()));
    others.addAll(split.othersKeys().get(split.target()));
    assertThat(keysOfOthers(split.target())).isEqualTo(others);
    assertThat(keys(split.target(), "project:{" + A + "}:*")).isEmpty();
    assertThat(cleanup.count(masters)).isZero();
  }

  /**
   * A key the importing node listed is gone (deleted; in life, expired) before its batch: TRYAGAIN
   * after ASKING, so the batch is sent again key by key, each after ASKING.
   */
  @Test
  void aKeyGoneFromTheImportingNodeBeforeItsUnlinkDoesNotFailTheCleanup() {
    Split split = cutShortMigration();
    RedisCommandRunner target = nodeRunner(split.target());
    List<String> errors = new ArrayList<>();
    RedisCommandRunner deletingFirst =
        new RedisCommandRunner() {
          @Override
          public Object run(List<byte[]> command) {
            return target.run(command);
          }

          @Override
          public List<Object> runTogether(List<List<byte[]>> commands) {
            List<byte[]> unlink = commands.get(commands.size() - 1);
            if (errors.isEmpty() && unlink.size() > 2) { // someone else deletes its first key
              target.runTogether(
                  List.of(
                      List.of("ASKING".getBytes(UTF_8)), List.of(unlink.get(0), unlink.get(1))));
            }
            try {
              return target.runTogether(commands);
            } catch (RuntimeException e) {
              errors.add(e.getMessage());
              throw e;
            }
          }
        };
    ProjectCleanup cleanup = ProjectCleanup.of(ProjectKeyspace.of(A)).withBatchSize(4);

    assertThat(cleanup.deleteAll(deletingFirst)).isEqualTo(A_MOVED - 1);
    assertThat(errors).anyMatch(m -> m.startsWith("TRYAGAIN"));
    assertThat(keys(split.target(), "project:{" + A + "}:*")).isEmpty();
    assertThat(keysOfOthers(split.target())).isEqualTo(split.othersKeys().get(split.target()));
  }

  /**
   * The same race with a runner per node, as one would clean by hand: the source's cleanup deletes
   * what it still holds and leaves the keys that moved to the importing node's cleanup.
   */
  @Test
  void onOneNodesRunnerKeysMovedAwayAreLeftToTheImportingNodesCleanup() {
    Split split = cutShortMigration();
    MigrateBeforeUnlinkRunner source =
        new MigrateBeforeUnlinkRunner(
            nodeRunner(split.source()), split.migration(), 1, (n, keys) -> everyOther(keys));
    ProjectCleanup cleanup = ProjectCleanup.of(ProjectKeyspace.of(A)).withBatchSize(5);

    assertThat(cleanup.deleteAll(source)).isEqualTo(A_KEYS - A_MOVED - 3);
    assertThat(source.errors).anyMatch(m -> m.startsWith("TRYAGAIN"));
    assertThat(keys(split.source(), "project:{" + A + "}:*")).isEmpty();
    assertThat(keys(split.target(), "project:{" + A + "}:*")).hasSize(A_MOVED + 3);
    assertThat(cleanup.deleteAll(nodeRunner(split.target()))).isEqualTo(A_MOVED + 3);
    assertEveryKeyOfAGoneAndTheOthersIntact(split);
  }

  // ---- helpers ---------------------------------------------------------------------------------

  void assertEveryKeyOfAGoneAndTheOthersIntact(Split split) {
    for (RedisServer master : cluster().masters()) {
      assertThat(keys(master, "project:{" + A + "}:*")).as("A's keys on " + master).isEmpty();
      assertThat(keysOfOthers(master))
          .as(master.toString())
          .isEqualTo(split.othersKeys().get(master));
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
}
