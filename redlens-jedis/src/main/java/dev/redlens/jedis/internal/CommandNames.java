package dev.redlens.jedis.internal;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.commands.ProtocolCommand;

/**
 * The name of a Jedis {@link ProtocolCommand} as text ({@code GET}, {@code JSON.GET}). Jedis's
 * commands are enum constants whose raw bytes never change, so their names are decoded once: those
 * of {@link Protocol.Command} up front, by ordinal, other enums' on first use (a map bounded by the
 * number of constants); any other {@code ProtocolCommand} is decoded each time. The names of enum
 * constants are interned, as the command catalog's keys are, so that its look-up finds the
 * identical string and skips comparing the characters.
 */
final class CommandNames {

  private static final ConcurrentHashMap<ProtocolCommand, String> NAMES = new ConcurrentHashMap<>();

  private static final String[] BY_ORDINAL = byOrdinal();

  private CommandNames() {}

  private static String[] byOrdinal() {
    Protocol.Command[] commands = Protocol.Command.values();
    String[] names = new String[commands.length];
    for (Protocol.Command command : commands) {
      names[command.ordinal()] = decode(command).intern();
    }
    return names;
  }

  static String of(ProtocolCommand command) {
    if (command instanceof Protocol.Command known) {
      return BY_ORDINAL[known.ordinal()]; // Jedis's own commands: an array read, no hashing
    }
    if (command instanceof Enum<?>) {
      String name = NAMES.get(command);
      if (name == null) {
        name = decode(command).intern();
        NAMES.put(command, name);
      }
      return name;
    }
    return decode(command);
  }

  private static String decode(ProtocolCommand command) {
    byte[] raw = command.getRaw();
    return raw == null ? "" : new String(raw, StandardCharsets.UTF_8);
  }
}
