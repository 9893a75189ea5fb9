package dev.redlens.lettuce.internal;

import dev.redlens.core.catalog.CommandArguments;
import dev.redlens.lettuce.spi.LettuceCommandArgs;
import io.lettuce.core.protocol.CommandArgs;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The arguments of a Lettuce command as {@link CommandArguments}. They are decoded ({@link
 * LettuceCommandArgs}) lazily: only when an argument is read (a recording span's query text, a
 * subcommand). The argument count is known without encoding.
 */
final class LettuceArguments implements CommandArguments {

  private final CommandArgs<?, ?> args;
  private String[] decoded;

  LettuceArguments(CommandArgs<?, ?> args) {
    this.args = args;
  }

  static CommandArguments of(CommandArgs<?, ?> args) {
    return args == null ? CommandArguments.EMPTY : new LettuceArguments(args);
  }

  @Override
  public int size() {
    return args.count();
  }

  @Override
  public String get(int index) {
    String[] all = decoded;
    if (all == null) {
      all = decode(args);
      decoded = all;
    }
    return all[index];
  }

  private static String[] decode(CommandArgs<?, ?> args) {
    String[] result = new String[args.count()];
    List<byte[]> bytes;
    try {
      bytes = LettuceCommandArgs.bytes(args);
    } catch (RuntimeException e) {
      bytes = List.of(); // an argument the codec could not encode: shown as empty
    }
    for (int n = 0; n < result.length; n++) {
      result[n] = n < bytes.size() ? new String(bytes.get(n), StandardCharsets.UTF_8) : "";
    }
    return result;
  }
}
