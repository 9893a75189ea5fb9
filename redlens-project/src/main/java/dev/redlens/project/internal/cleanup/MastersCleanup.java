package dev.redlens.project.internal.cleanup;

import java.util.Collection;

/**
 * Deletes a project's keys on every master of a cluster, in rounds: each round cleans every master
 * ({@link MigrationOrder}: migrating ones first, importing ones last), and another round runs while
 * keys moved to another master during one (a slot migration under way), at most {@value
 * #MAX_ROUNDS}. A master that fails does not stop the others.
 */
public final class MastersCleanup {

  /** Rounds before giving up on a migration that keeps moving the project's keys. */
  public static final int MAX_ROUNDS = 10;

  private final NodeDeleter deleter;
  private final String projectId;

  public MastersCleanup(KeyScan scan, String projectId) {
    this.deleter = new NodeDeleter(scan, projectId);
    this.projectId = projectId;
  }

  /**
   * Deletes the project's keys on every one of {@code masters} and returns how many were deleted in
   * all; throws the first failure of a round (the others suppressed in it) once every master of
   * that round was cleaned, or an {@link IllegalStateException} if keys still moved in round
   * {@value #MAX_ROUNDS}.
   */
  public long deleteAll(Collection<? extends NodeRunner> masters) {
    long deleted = 0;
    for (int round = 1; ; round++) {
      Tally tally = new Tally();
      RuntimeException failure = null;
      for (NodeRunner master : MigrationOrder.sourcesFirst(masters)) {
        try {
          deleter.clean(master, tally);
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
                + projectId
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
}
