package dev.redlens.project.internal.cleanup;

import java.util.ArrayList;
import java.util.List;

/**
 * Deletes a project's keys on one node: the keys its {@code SCAN} lists, {@code UNLINK}ed in
 * batches, following a slot migration under way or cut short. A batch answered {@code MOVED} (the
 * node imports the slot) goes to {@link AskingUnlink}; a batch answered {@code TRYAGAIN} or {@code
 * ASK} (keys moved to the importing node since {@code SCAN} listed them) is sent again key by key,
 * and a key answered {@code ASK} is counted as moved away: the importing node's cleanup deletes it.
 */
public final class NodeDeleter {

  private final KeyScan scan;
  private final AskingUnlink importing;

  public NodeDeleter(KeyScan scan, String projectId) {
    this.scan = scan;
    this.importing = new AskingUnlink(projectId);
  }

  /** Deletes the project's keys on {@code node} and returns how many were deleted. */
  public long deleteAll(NodeRunner node) {
    Tally tally = new Tally();
    clean(node, tally);
    return tally.deleted;
  }

  /** Deletes the project's keys on {@code node}, counting them and those that moved away. */
  void clean(NodeRunner node, Tally tally) {
    List<byte[]> batch = new ArrayList<>();
    scan.forEachPage(
        node,
        keys -> {
          for (Object key : keys) {
            batch.add((byte[]) key);
            if (batch.size() >= scan.batchSize()) {
              unlink(node, List.copyOf(batch), tally);
              batch.clear();
            }
          }
        });
    if (!batch.isEmpty()) {
      unlink(node, List.copyOf(batch), tally);
    }
  }

  /** UNLINKs {@code keys}, which SCAN listed on {@code node}. */
  private void unlink(NodeRunner node, List<byte[]> keys, Tally tally) {
    try {
      tally.deleted += UnlinkCommand.deleted(node.run(UnlinkCommand.of(keys)));
      return;
    } catch (RuntimeException e) {
      String slot = ErrorReplies.movedSlot(e);
      if (slot != null) {
        importing.unlink(node, keys, slot, tally);
        return;
      }
      boolean ask = ErrorReplies.isAsk(e);
      if (ask && keys.size() == 1) {
        tally.movedAway++; // it is on the importing node now, whose cleanup deletes it
        return;
      }
      if (keys.size() == 1 || !(ask || ErrorReplies.isTryAgain(e))) {
        throw e;
      }
    }
    // the node migrates the keys' slot, and some (TRYAGAIN) or all (ASK) of them moved to the
    // importing node since SCAN listed them: one by one, the node deletes those it still holds
    for (byte[] key : keys) {
      unlink(node, List.of(key), tally);
    }
  }
}
