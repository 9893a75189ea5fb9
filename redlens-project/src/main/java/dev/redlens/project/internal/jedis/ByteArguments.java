package dev.redlens.project.internal.jedis;

import dev.redlens.core.catalog.CommandArguments;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Arguments after the command name, as sent to the server, for the telemetry (decoded only when
 * read).
 */
final class ByteArguments implements CommandArguments {

  private final List<byte[]> args;

  ByteArguments(List<byte[]> args) {
    this.args = args;
  }

  @Override
  public int size() {
    return args.size();
  }

  @Override
  public String get(int index) {
    byte[] raw = args.get(index);
    return raw == null ? "" : new String(raw, StandardCharsets.UTF_8);
  }
}
