package dev.redlens.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * A slot being moved between two masters of a {@link RedisCluster}, started by {@link
 * RedisCluster#startSlotMigration}: the source answers {@code ASK} for keys of the slot it no
 * longer holds, the target accepts them only after {@code ASKING}. {@link #moveKeys()} moves the
 * keys (so every existing key of the slot gets {@code ASK}); {@link #complete()} hands the slot
 * over, after which a client with the old slot map gets {@code MOVED}.
 */
public final class SlotMigration {

  private static final int BATCH = 100;

  private final RedisCluster cluster;
  private final int slot;
  private final RedisServer source;
  private final RedisServer target;
  private boolean done;

  SlotMigration(RedisCluster cluster, int slot, RedisServer source, RedisServer target) {
    this.cluster = cluster;
    this.slot = slot;
    this.source = source;
    this.target = target;
  }

  public int slot() {
    return slot;
  }

  public RedisServer source() {
    return source;
  }

  public RedisServer target() {
    return target;
  }

  /** Moves the slot's keys from the source to the target ({@code MIGRATE}); returns how many. */
  public synchronized int moveKeys() {
    int moved = 0;
    while (true) {
      Object reply =
          source.call("CLUSTER", "GETKEYSINSLOT", Integer.toString(slot), Integer.toString(BATCH));
      List<?> keys = (List<?>) reply;
      if (keys.isEmpty()) {
        return moved;
      }
      moveKeys(keys.stream().map(k -> (String) k).toList());
      moved += keys.size();
    }
  }

  /**
   * Moves these keys of the slot (which the source holds) to the target ({@code MIGRATE}) and no
   * others: stop there for a migration cut short, with the slot's keys on both nodes.
   */
  public synchronized void moveKeys(List<String> keys) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "MIGRATE",
                target.host(),
                Integer.toString(target.port()),
                "",
                "0",
                "10000",
                "REPLACE",
                "KEYS"));
    command.addAll(keys);
    source.call(command.toArray(String[]::new));
  }

  /**
   * Moves the remaining keys, assigns the slot to the target on the target, the source and every
   * other master, and waits until every node agrees. Idempotent.
   */
  public synchronized void complete() {
    if (done) {
      return;
    }
    moveKeys();
    String targetId = cluster.nodeId(target);
    target.call("CLUSTER", "SETSLOT", Integer.toString(slot), "NODE", targetId);
    source.call("CLUSTER", "SETSLOT", Integer.toString(slot), "NODE", targetId);
    for (RedisServer master : cluster.masters()) {
      if (!master.equals(target) && !master.equals(source)) {
        master.call("CLUSTER", "SETSLOT", Integer.toString(slot), "NODE", targetId);
      }
    }
    end();
    cluster.awaitHealthy();
  }

  /**
   * Leaves the slot with the source ({@code SETSLOT STABLE} on both), for a test that ended
   * mid-migration; keys already moved stay on the target until the next {@code FLUSHALL}.
   * Idempotent.
   */
  synchronized void abandon() {
    if (done) {
      return;
    }
    for (RedisServer node : List.of(source, target)) {
      if (node.isRunning()) {
        node.call("CLUSTER", "SETSLOT", Integer.toString(slot), "STABLE");
      }
    }
    end();
  }

  private void end() {
    done = true;
    cluster.migrationEnded(this);
  }

  @Override
  public String toString() {
    return "slot " + slot + " from " + source + " to " + target;
  }
}
