package dev.redlens.jedis.internal;

import dev.redlens.core.catalog.CommandArguments;
import java.nio.charset.StandardCharsets;
import redis.clients.jedis.args.Rawable;

/**
 * The arguments of a Jedis command ({@link redis.clients.jedis.CommandArguments}, whose element 0
 * is the command itself) as Redlens {@link CommandArguments} (which start after the command).
 * Nothing is decoded until an argument is read: only a recording span (query text, key count) or a
 * container command's subcommand look-up reads them.
 */
final class JedisArguments implements CommandArguments {

  private final redis.clients.jedis.CommandArguments args;

  JedisArguments(redis.clients.jedis.CommandArguments args) {
    this.args = args;
  }

  @Override
  public int size() {
    return args.size() - 1;
  }

  @Override
  public String get(int index) {
    if (index < 0 || index >= size()) {
      throw new IndexOutOfBoundsException(index);
    }
    Rawable argument = args.get(index + 1);
    byte[] raw = argument == null ? null : argument.getRaw();
    return raw == null ? "" : new String(raw, StandardCharsets.UTF_8);
  }
}
