package dev.redlens.project.internal.cleanup;

import dev.redlens.project.internal.Bytes;
import java.util.List;

/**
 * {@code UNLINK} on a node that answered {@code MOVED} for keys its {@code SCAN} listed: it imports
 * their slot (a migration under way or cut short), and its keys there answer only the command right
 * after {@code ASKING}, so both go together ({@link NodeRunner#runTogether}).
 */
final class AskingUnlink {

  private static final String ASKING = "ASKING";
  private static final String CLUSTER = "CLUSTER";
  private static final String COUNTKEYSINSLOT = "COUNTKEYSINSLOT";

  private final String projectId;

  AskingUnlink(String projectId) {
    this.projectId = projectId;
  }

  /** UNLINKs {@code keys}, of slot {@code slot}, on {@code node}, which imports that slot. */
  void unlink(NodeRunner node, List<byte[]> keys, String slot, Tally tally) {
    try {
      tally.deleted +=
          UnlinkCommand.deleted(
              node.runTogether(List.of(List.of(Bytes.utf8(ASKING)), UnlinkCommand.of(keys)))
                  .get(1));
    } catch (RuntimeException again) {
      if (keys.size() > 1 && ErrorReplies.isTryAgain(again)) {
        // some of the keys went since SCAN listed them (deleted, expired): one by one
        for (byte[] key : keys) {
          unlink(node, List.of(key), slot, tally);
        }
        return;
      }
      if (ErrorReplies.movedSlot(again) == null) {
        throw again;
      }
      if (keysInSlot(node, slot) == 0) {
        // the node holds none of the slot's keys: a migration finished since SCAN listed them,
        // the slot's new master has them
        tally.movedAway += keys.size();
        return;
      }
      throw stranded(slot, again);
    }
  }

  /**
   * The failure for keys the node holds in a slot it neither serves nor imports (even after {@code
   * ASKING} it answered {@code MOVED}): no command on a key reaches them until the slot is imported
   * there again.
   */
  private IllegalStateException stranded(String slot, RuntimeException moved) {
    return new IllegalStateException(
        "Keys of project "
            + projectId
            + " are on a node in slot "
            + slot
            + ", which it neither serves nor imports (a slot migration reverted after some"
            + " keys had moved?), and no command on a key reaches them there: import the slot"
            + " on that node again (CLUSTER SETSLOT "
            + slot
            + " IMPORTING <owner's id>), run the cleanup again, then finish or undo the"
            + " migration ("
            + moved.getMessage()
            + ")",
        moved);
  }

  /** {@code CLUSTER COUNTKEYSINSLOT slot} on the node, or -1 if it does not answer. */
  private static long keysInSlot(NodeRunner node, String slot) {
    try {
      Object reply =
          node.run(List.of(Bytes.utf8(CLUSTER), Bytes.utf8(COUNTKEYSINSLOT), Bytes.utf8(slot)));
      return reply instanceof Long n ? n : -1;
    } catch (RuntimeException e) {
      return -1;
    }
  }
}
