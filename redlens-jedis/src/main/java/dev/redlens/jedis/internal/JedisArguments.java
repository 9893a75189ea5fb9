package dev.redlens.jedis.internal;

import dev.redlens.core.catalog.CommandArguments;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import redis.clients.jedis.args.Rawable;

/**
 * The arguments of a Jedis command ({@link redis.clients.jedis.CommandArguments}, whose element 0
 * is the command itself) as Redlens {@link CommandArguments} (which start after the command).
 * Nothing is decoded until an argument is read: only a recording span (query text, key count) or a
 * container command's subcommand look-up reads them.
 *
 * <p>Each connection reuses one instance for all its commands ({@link #reset}): a connection is
 * used by one thread at a time, and {@code ClientScope.start} reads the arguments only while it
 * runs, so the adapter costs no allocation per command.
 */
final class JedisArguments implements CommandArguments {

  /** Jedis 7.1+ reads an argument by index; Jedis 6 and 7.0 only iterate them. */
  private static final boolean INDEXED = indexed();

  private redis.clients.jedis.CommandArguments args;

  /** Now the arguments of {@code command} (null: of none, so that they are not kept). */
  JedisArguments reset(redis.clients.jedis.CommandArguments command) {
    this.args = command;
    return this;
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
    Rawable argument = INDEXED ? args.get(index + 1) : walk(args, index + 1);
    byte[] raw = argument == null ? null : argument.getRaw();
    return raw == null ? "" : new String(raw, StandardCharsets.UTF_8);
  }

  /** Element {@code index} of {@code args}, for a Jedis without {@code CommandArguments#get}. */
  private static Rawable walk(redis.clients.jedis.CommandArguments args, int index) {
    Iterator<Rawable> elements = args.iterator();
    for (int i = 0; i < index; i++) {
      elements.next();
    }
    return elements.next();
  }

  private static boolean indexed() {
    try {
      redis.clients.jedis.CommandArguments.class.getMethod("get", int.class);
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }
}
