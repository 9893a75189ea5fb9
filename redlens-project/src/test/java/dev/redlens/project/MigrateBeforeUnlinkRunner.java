package dev.redlens.project;

import dev.redlens.testing.SlotMigration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A runner over a migration's source that, before forwarding each of the first {@code batches}
 * multi-key {@code UNLINK}s, moves the keys {@code pick} chooses among them to the target ({@code
 * MIGRATE}, through {@link SlotMigration#moveKeys(List)}): the race of a cleanup whose {@code SCAN}
 * listed keys that a migration under way moves before its {@code UNLINK} arrives, made
 * deterministic. Records every key it moved and the message of every error reply that went through
 * it. Public API only: a wrapper any application could write.
 */
final class MigrateBeforeUnlinkRunner implements RedisCommandRunner {

  private final RedisCommandRunner source;
  private final SlotMigration migration;
  private final BiFunction<Integer, List<String>, List<String>> pick;
  private final int batches;
  private int batchesSeen;
  final List<String> moved = new ArrayList<>();
  final List<String> errors = new ArrayList<>();

  /** {@code pick} gets the batch's number (0 first) and its keys, returns the keys to move. */
  MigrateBeforeUnlinkRunner(
      RedisCommandRunner source,
      SlotMigration migration,
      int batches,
      BiFunction<Integer, List<String>, List<String>> pick) {
    this.source = source;
    this.migration = migration;
    this.batches = batches;
    this.pick = pick;
  }

  @Override
  public Object run(List<byte[]> command) {
    String name = new String(command.get(0), StandardCharsets.UTF_8);
    if (name.equalsIgnoreCase("UNLINK") && command.size() > 2 && batchesSeen < batches) {
      List<String> keys = new ArrayList<>();
      for (byte[] key : command.subList(1, command.size())) {
        keys.add(new String(key, StandardCharsets.UTF_8));
      }
      List<String> chosen = pick.apply(batchesSeen++, keys);
      if (!chosen.isEmpty()) {
        migration.moveKeys(chosen);
        moved.addAll(chosen);
      }
    }
    try {
      return source.run(command);
    } catch (RuntimeException e) {
      errors.add(e.getMessage());
      throw e;
    }
  }

  @Override
  public List<Object> runTogether(List<List<byte[]>> commands) {
    try {
      return source.runTogether(commands);
    } catch (RuntimeException e) {
      errors.add(e.getMessage());
      throw e;
    }
  }
}
