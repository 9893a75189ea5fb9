package dev.redlens.project;

import dev.redlens.project.internal.Bytes;
import java.nio.charset.StandardCharsets;
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
 * ({@link RedisCommandRunner#runTogether}); keys a migration under way moves after {@code SCAN}
 * listed them make their node answer {@code TRYAGAIN} or {@code ASK}, so the batch is sent again
 * key by key and the moved keys are deleted on the importing node (see {@link
 * #deleteAll(Collection)}).
 */
public final class ProjectCleanup {

  private static final int DEFAULT_BATCH = 500;
  private static final int MAX_ROUNDS = 10;

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

  /**
   * Deletes every key of the project and returns how many were deleted. On a node migrating the
   * project's slot, keys that move to the importing node between the {@code SCAN} that lists them
   * and their {@code UNLINK} (the node answers {@code TRYAGAIN} or {@code ASK}) are left to the
   * cleanup of that node: clean it afterwards, or use {@link #deleteAll(Collection)}, which does.
   */
  public long deleteAll(RedisCommandRunner admin) {
    Tally tally = new Tally();
    clean(admin, tally);
    return tally.deleted;
  }

  private void clean(RedisCommandRunner admin, Tally tally) {
    List<byte[]> batch = new ArrayList<>();
    byte[] cursor = Bytes.utf8("0");
    do {
      List<?> reply = scan(admin, cursor);
      cursor = (byte[]) reply.get(0);
      for (Object key : (List<?>) reply.get(1)) {
        batch.add((byte[]) key);
        if (batch.size() >= batchSize) {
          unlink(admin, List.copyOf(batch), tally);
          batch.clear();
        }
      }
    } while (!isZero(cursor));
    if (!batch.isEmpty()) {
      unlink(admin, List.copyOf(batch), tally);
    }
  }

  /**
   * Deletes every key of the project on each of {@code masters} (one runner per master of a Redis
   * Cluster, e.g. {@link RedisCommandRunner#lettuceMasters}) and returns how many were deleted in
   * all. A project's keys share one slot, so normally one master holds them all; every master is
   * cleaned anyway, so keys left on the importing node of a migration cut short go too. Masters
   * migrating a slot are cleaned first and those importing one last ({@code CLUSTER NODES}), so a
   * key a migration under way moves meanwhile is listed on one or the other. If keys moved to
   * another master while their node was being cleaned (it answered {@code TRYAGAIN} or {@code ASK},
   * or {@code MOVED} once the migration finished), every master is cleaned again, until a round
   * sees none move (at most {@value #MAX_ROUNDS} rounds, then an {@link IllegalStateException}). If
   * a master fails, the others are still cleaned, then the first failure is thrown (the others
   * suppressed in it): e.g. an {@link IllegalStateException} for keys stranded in a slot their node
   * neither serves nor imports (a migration reverted with {@code CLUSTER SETSLOT STABLE} after some
   * keys had moved), which no command on a key reaches until the slot is imported there again.
   */
  public long deleteAll(Collection<? extends RedisCommandRunner> masters) {
    long deleted = 0;
    for (int round = 1; ; round++) {
      Tally tally = new Tally();
      RuntimeException failure = null;
      for (RedisCommandRunner master : sourcesFirst(masters)) {
        try {
          clean(master, tally);
        } catch (RuntimeException e) { // clean the other masters all the same, then report it
          if (failure == null) {
            failure = e;
          } else {
            failure.addSuppressed(e);
          }
        }
      }
      deleted += tally.deleted;
      if (failure != null) {
        throw failure;
      }
      if (tally.movedAway == 0) {
        return deleted;
      }
      if (round == MAX_ROUNDS) {
        throw new IllegalStateException(
            "Keys of project "
                + keyspace.projectId()
                + " were still moving between masters after "
                + MAX_ROUNDS
                + " rounds of cleanup ("
                + deleted
                + " deleted, "
                + tally.movedAway
                + " moved away in the last round): run it again once the slot migration is over");
      }
    }
  }

  /**
   * {@code masters} with those migrating a slot first and those only importing one last ({@code
   * CLUSTER NODES}; a runner that cannot tell stays in the middle): a key a migration moves while
   * the masters are cleaned one after the other then goes from a master not yet cleaned to one not
   * yet cleaned, or is listed by its source before it moves, and is never missed.
   */
  private static List<RedisCommandRunner> sourcesFirst(
      Collection<? extends RedisCommandRunner> masters) {
    List<RedisCommandRunner> sources = new ArrayList<>();
    List<RedisCommandRunner> others = new ArrayList<>();
    List<RedisCommandRunner> targets = new ArrayList<>();
    for (RedisCommandRunner master : masters) {
      String myself = myself(master);
      if (myself.contains("->-")) {
        sources.add(master);
      } else if (myself.contains("-<-")) {
        targets.add(master);
      } else {
        others.add(master);
      }
    }
    sources.addAll(others);
    sources.addAll(targets);
    return sources;
  }

  /** The node's own line of {@code CLUSTER NODES}, or "" if it does not answer one. */
  private static String myself(RedisCommandRunner master) {
    Object reply;
    try {
      reply = master.run(List.of(Bytes.utf8("CLUSTER"), Bytes.utf8("NODES")));
    } catch (RuntimeException e) { // not a cluster node, or not allowed: clean it in the middle
      return "";
    }
    String nodes =
        reply instanceof byte[] bytes
            ? new String(bytes, StandardCharsets.UTF_8)
            : String.valueOf(reply);
    for (String line : nodes.split("\n")) {
      if (line.contains("myself")) {
        return line;
      }
    }
    return "";
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

  /** UNLINKs {@code keys}, which SCAN listed on the node of {@code admin}. */
  private void unlink(RedisCommandRunner admin, List<byte[]> keys, Tally tally) {
    try {
      tally.deleted += count(admin.run(unlinkOf(keys)));
      return;
    } catch (RuntimeException e) {
      String slot = movedSlot(e);
      if (slot != null) {
        unlinkImported(admin, keys, slot, tally);
        return;
      }
      boolean ask = hasError(e, "ASK ");
      if (ask && keys.size() == 1) {
        tally.movedAway++; // it is on the importing node now, whose cleanup deletes it
        return;
      }
      if (keys.size() == 1 || !(ask || hasError(e, "TRYAGAIN"))) {
        throw e;
      }
    }
    // the node migrates the keys' slot, and some (TRYAGAIN) or all (ASK) of them moved to the
    // importing node since SCAN listed them: one by one, the node deletes those it still holds
    for (byte[] key : keys) {
      unlink(admin, List.of(key), tally);
    }
  }

  /**
   * UNLINKs {@code keys} on a node that answered {@code MOVED} for them: it imports their slot (a
   * migration under way or cut short), and its keys there answer only the command right after
   * {@code ASKING}.
   */
  private void unlinkImported(
      RedisCommandRunner admin, List<byte[]> keys, String slot, Tally tally) {
    try {
      tally.deleted +=
          count(admin.runTogether(List.of(List.of(Bytes.utf8("ASKING")), unlinkOf(keys))).get(1));
    } catch (RuntimeException again) {
      if (keys.size() > 1 && hasError(again, "TRYAGAIN")) {
        // some of the keys went since SCAN listed them (deleted, expired): one by one
        for (byte[] key : keys) {
          unlinkImported(admin, List.of(key), slot, tally);
        }
        return;
      }
      if (movedSlot(again) == null) {
        throw again;
      }
      if (keysInSlot(admin, slot) == 0) {
        // the node holds none of the slot's keys: a migration finished since SCAN listed them,
        // the slot's new master has them
        tally.movedAway += keys.size();
        return;
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

  /** {@code CLUSTER COUNTKEYSINSLOT slot} on the node, or -1 if it does not answer. */
  private static long keysInSlot(RedisCommandRunner admin, String slot) {
    try {
      Object reply =
          admin.run(
              List.of(Bytes.utf8("CLUSTER"), Bytes.utf8("COUNTKEYSINSLOT"), Bytes.utf8(slot)));
      return reply instanceof Long n ? n : -1;
    } catch (RuntimeException e) {
      return -1;
    }
  }

  private static List<byte[]> unlinkOf(List<byte[]> keys) {
    List<byte[]> command = new ArrayList<>(keys.size() + 1);
    command.add(Bytes.utf8("UNLINK"));
    command.addAll(keys);
    return command;
  }

  private static long count(Object reply) {
    return reply instanceof Long n ? n : 0;
  }

  /** Whether {@code error} or a cause is an error reply starting with {@code prefix}. */
  private static boolean hasError(Throwable error, String prefix) {
    return errorReply(error, prefix) != null;
  }

  /** The message of {@code error} or of a cause that starts with {@code prefix}, else null. */
  private static String errorReply(Throwable error, String prefix) {
    for (Throwable e = error; e != null; e = e.getCause()) {
      String message = e.getMessage();
      if (message != null && message.startsWith(prefix)) {
        return message;
      }
    }
    return null;
  }

  /** Keys deleted, and keys found moved to another node, by a cleanup. */
  private static final class Tally {
    long deleted;
    long movedAway;
  }

  /** The slot of a {@code MOVED} error reply ({@code MOVED <slot> <host:port>}), else null. */
  private static String movedSlot(Throwable error) {
    String moved = errorReply(error, "MOVED ");
    if (moved == null) {
      return null;
    }
    String[] parts = moved.split(" ");
    return parts.length > 1 ? parts[1] : "?";
  }

  private static boolean isZero(byte[] cursor) {
    return cursor.length == 1 && cursor[0] == '0';
  }
}
