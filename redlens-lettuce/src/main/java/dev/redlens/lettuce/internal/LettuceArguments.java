package dev.redlens.lettuce.internal;

import dev.redlens.core.catalog.CommandArguments;
import dev.redlens.lettuce.spi.LettuceCommandArgs;
import io.lettuce.core.protocol.CommandArgs;

/**
 * The arguments of a Lettuce command as {@link CommandArguments}. They are decoded ({@link
 * LettuceCommandArgs}) lazily: only when an argument is read (a recording span's query text, a
 * subcommand). The argument count is known without encoding.
 */
final class LettuceArguments implements CommandArguments {

  private final CommandArgs<?, ?> args;
  private LettuceCommandArgs.Encoded encoded;
  private String[]
      decoded; // each argument once read: a value a masked query text never reads stays bytes

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
    if (encoded == null) {
      // most arguments can be read as they are, without encoding the command (DirectArguments)
      String direct = DirectArguments.read(args, index);
      if (direct != null) {
        return direct;
      }
      try {
        encoded = LettuceCommandArgs.encode(args);
      } catch (RuntimeException e) {
        encoded = LettuceCommandArgs.encode(null); // an argument the codec could not encode
      }
      decoded = new String[args.count()];
    }
    String value = decoded[index];
    if (value == null) {
      // an argument the codec could not encode is shown as empty
      value = index < encoded.size() ? encoded.string(index) : "";
      decoded[index] = value;
    }
    return value;
  }
}
