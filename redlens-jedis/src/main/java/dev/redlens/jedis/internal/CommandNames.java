package dev.redlens.jedis.internal;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import redis.clients.jedis.commands.ProtocolCommand;

/**
 * The name of a Jedis {@link ProtocolCommand} as text ({@code GET}, {@code JSON.GET}). Jedis's
 * commands are enum constants whose raw bytes never change, so their names are decoded once and
 * cached (bounded by the number of constants); any other {@code ProtocolCommand} is decoded each
 * time.
 */
final class CommandNames {

  private static final ConcurrentHashMap<ProtocolCommand, String> NAMES = new ConcurrentHashMap<>();

  private CommandNames() {}

  static String of(ProtocolCommand command) {
    if (command instanceof Enum<?>) {
      String name = NAMES.get(command);
      if (name == null) {
        name = decode(command);
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
