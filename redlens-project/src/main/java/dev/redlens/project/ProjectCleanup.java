package dev.redlens.project;

import dev.redlens.project.internal.Bytes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Deletes every key of one project: {@code SCAN} with the project's pattern, {@code UNLINK} in
 * batches (the memory is reclaimed in the background), other projects untouched. Runs on an
 * administrative connection (the project's own ACL user may not SCAN). Keys written while it runs
 * may survive it; run it after the project's clients are gone (e.g. after {@link
 * ProjectAcl#remove}). On a Redis Cluster, give it a runner per master ({@link
 * #deleteAll(Collection)}): a slot migration under way or cut short leaves some of the project's
 * keys on the node importing its slot, which lists them ({@code SCAN}) but answers {@code MOVED} to
 * a command on them, so a batch answered {@code MOVED} is sent again right after {@code ASKING}
 * ({@link RedisCommandRunner#runTogether}).
 */
public final class ProjectCleanup {

  private static final int DEFAULT_BATCH = 500;

  private final ProjectKeyspace keyspace;
  private final int batchSize;

  private ProjectCleanup(ProjectKeyspace keyspace, int batchSize) {
    this.keyspace = keyspace;
    this.batchSize = batchSize;
  }

  public static ProjectCleanup of(ProjectKeyspace keyspace) {
    return new ProjectCleanup(Objects.requireNonNull(keyspace, "keyspace"), DEFAULT_BATCH);
  }

  /** The same, with SCAN COUNT and UNLINK batches of {@code batchSize} keys (default 500). */
  public ProjectCleanup withBatchSize(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1: " + batchSize);
    }
    return new ProjectCleanup(keyspace, batchSize);
  }

  /** Deletes every key of the project and returns how many were deleted. */
  public long deleteAll(RedisCommandRunner admin) {
    long deleted = 0;
    List<byte[]> batch = new ArrayList<>();
    byte[] cursor = Bytes.utf8("0");
    do {
      List<?> reply = scan(admin, cursor);
      cursor = (byte[]) reply.get(0);
      for (Object key : (List<?>) reply.get(1)) {
        batch.add((byte[]) key);
        if (batch.size() >= batchSize) {
          deleted += unlink(admin, batch);
        }
      }
    } while (!isZero(cursor));
    if (!batch.isEmpty()) {
      deleted += unlink(admin, batch);
    }
    return deleted;
  }

  /**
   * Deletes every key of the project on each of {@code masters} (one runner per master of a Redis
   * Cluster, e.g. {@link RedisCommandRunner#lettuceMasters}) and returns how many were deleted in
   * all. A project's keys share one slot, so normally one master holds them all; every master is
   * cleaned anyway, so keys left on the importing node of a migration cut short go too. If a master
   * fails, the others are still cleaned, then the first failure is thrown (the others suppressed in
   * it): e.g. an {@link IllegalStateException} for keys stranded in a slot their node neither
   * serves nor imports (a migration reverted with {@code CLUSTER SETSLOT STABLE} after some keys
   * had moved), which no command on a key reaches until the slot is imported there again.
   */
  public long deleteAll(Collection<? extends RedisCommandRunner> masters) {
    long deleted = 0;
    RuntimeException failure = null;
    for (RedisCommandRunner master : masters) {
      try {
        deleted += deleteAll(master);
      } catch (RuntimeException e) { // clean the other masters all the same, then report it
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
    return deleted;
  }

  /** The number of keys of the project on all of {@code masters} (a full SCAN of each). */
  public long count(Collection<? extends RedisCommandRunner> masters) {
    long count = 0;
    for (RedisCommandRunner master : masters) {
      count += count(master);
    }
    return count;
  }

  /** The number of keys of the project (a full SCAN). */
  public long count(RedisCommandRunner admin) {
    long count = 0;
    byte[] cursor = Bytes.utf8("0");
    do {
      List<?> reply = scan(admin, cursor);
      cursor = (byte[]) reply.get(0);
      count += ((List<?>) reply.get(1)).size();
    } while (!isZero(cursor));
    return count;
  }

  private List<?> scan(RedisCommandRunner admin, byte[] cursor) {
    Object reply =
        admin.run(
            List.of(
                Bytes.utf8("SCAN"),
                cursor,
                Bytes.utf8("MATCH"),
                Bytes.utf8(keyspace.keyPattern()),
                Bytes.utf8("COUNT"),
                Bytes.utf8(Integer.toString(batchSize))));
    if (!(reply instanceof List<?> list) || list.size() != 2) {
      throw new IllegalStateException("Unexpected SCAN reply: " + reply);
    }
    return list;
  }

  private long unlink(RedisCommandRunner admin, List<byte[]> batch) {
    List<byte[]> command = new ArrayList<>(batch.size() + 1);
    command.add(Bytes.utf8("UNLINK"));
    command.addAll(batch);
    batch.clear();
    Object reply;
    try {
      reply = admin.run(command);
    } catch (RuntimeException moved) {
      String slot = movedSlot(moved);
      if (slot == null) {
        throw moved;
      }
      // the node imports the slot (a migration under way or cut short): its keys there answer
      // only the command right after ASKING
      try {
        reply = admin.runTogether(List.of(List.of(Bytes.utf8("ASKING")), command)).get(1);
      } catch (RuntimeException again) {
        if (movedSlot(again) == null) {
          throw again;
        }
        throw new IllegalStateException(
            "Keys of project "
                + keyspace.projectId()
                + " are on a node in slot "
                + slot
                + ", which it neither serves nor imports (a slot migration reverted after some"
                + " keys had moved?), and no command on a key reaches them there: import the slot"
                + " on that node again (CLUSTER SETSLOT "
                + slot
                + " IMPORTING <owner's id>), run the cleanup again, then finish or undo the"
                + " migration ("
                + again.getMessage()
                + ")",
            again);
      }
    }
    return reply instanceof Long n ? n : 0;
  }

  /** The slot of a {@code MOVED} error reply ({@code MOVED <slot> <host:port>}), else null. */
  private static String movedSlot(Throwable error) {
    for (Throwable e = error; e != null; e = e.getCause()) {
      String message = e.getMessage();
      if (message != null && message.startsWith("MOVED ")) {
        String[] parts = message.split(" ");
        return parts.length > 1 ? parts[1] : "?";
      }
    }
    return null;
  }

  private static boolean isZero(byte[] cursor) {
    return cursor.length == 1 && cursor[0] == '0';
  }
}
