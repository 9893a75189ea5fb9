package dev.redlens.project;

import dev.redlens.project.internal.cleanup.KeyScan;
import dev.redlens.project.internal.cleanup.MastersCleanup;
import dev.redlens.project.internal.cleanup.NodeDeleter;
import dev.redlens.project.internal.cleanup.NodeRunner;
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
    return new NodeDeleter(scan(), keyspace.projectId()).deleteAll(node(admin));
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
   * sees none move (at most {@value MastersCleanup#MAX_ROUNDS} rounds, then an {@link
   * IllegalStateException}). If a master fails, the others are still cleaned, then the first
   * failure is thrown (the others suppressed in it): e.g. an {@link IllegalStateException} for keys
   * stranded in a slot their node neither serves nor imports (a migration reverted with {@code
   * CLUSTER SETSLOT STABLE} after some keys had moved), which no command on a key reaches until the
   * slot is imported there again.
   */
  public long deleteAll(Collection<? extends RedisCommandRunner> masters) {
    List<NodeRunner> nodes = new ArrayList<>(masters.size());
    for (RedisCommandRunner master : masters) {
      nodes.add(node(master));
    }
    return new MastersCleanup(scan(), keyspace.projectId()).deleteAll(nodes);
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
    return scan().count(node(admin));
  }

  private KeyScan scan() {
    return new KeyScan(keyspace.keyPattern(), batchSize);
  }

  /**
   * {@code runner} as the internal cleanup sends commands: {@code internal.cleanup} does not know
   * {@link RedisCommandRunner}, whose package depends on it (no package cycle). Lambdas, not method
   * references, so that a null runner fails where it is used, as it did before the cleanup moved.
   */
  private static NodeRunner node(RedisCommandRunner runner) {
    return new JoinedRunner(
        command -> runner.run(command), commands -> runner.runTogether(commands));
  }
}
