package dev.redlens.project.internal.cleanup;

import dev.redlens.project.internal.Bytes;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code UNLINK} (the memory is reclaimed in the background) and its reply, whether it is sent
 * alone or after {@code ASKING}.
 */
final class UnlinkCommand {

  private static final String UNLINK = "UNLINK";

  private UnlinkCommand() {}

  /** {@code UNLINK keys…}. */
  static List<byte[]> of(List<byte[]> keys) {
    List<byte[]> command = new ArrayList<>(keys.size() + 1);
    command.add(Bytes.utf8(UNLINK));
    command.addAll(keys);
    return command;
  }

  /** How many keys an {@code UNLINK} reply says it deleted (0 for a reply that is no number). */
  static long deleted(Object reply) {
    return reply instanceof Long n ? n : 0;
  }
}
