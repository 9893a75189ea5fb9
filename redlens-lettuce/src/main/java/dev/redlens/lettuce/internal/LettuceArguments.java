package dev.redlens.lettuce.internal;

import dev.redlens.core.catalog.CommandArguments;
import io.lettuce.core.protocol.CommandArgs;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * The arguments of a Lettuce command as {@link CommandArguments}. Lettuce's {@link CommandArgs}
 * gives no public access to single arguments, so they are encoded the way they go on the wire (RESP
 * bulk strings) and decoded back, lazily: only when an argument is read (a recording span's query
 * text, a subcommand). The argument count is known without encoding.
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
    ByteBuf buffer = Unpooled.buffer(64);
    try {
      args.encode(buffer);
      String[] result = new String[args.count()];
      int n = 0;
      while (buffer.isReadable() && n < result.length) {
        if (buffer.readByte() != '$') {
          break;
        }
        int length = readLength(buffer);
        result[n++] = buffer.toString(buffer.readerIndex(), length, StandardCharsets.UTF_8);
        buffer.skipBytes(length + 2);
      }
      for (; n < result.length; n++) {
        result[n] = "";
      }
      return result;
    } finally {
      buffer.release();
    }
  }

  private static int readLength(ByteBuf buffer) {
    int length = 0;
    byte b;
    while ((b = buffer.readByte()) != '\r') {
      length = length * 10 + (b - '0');
    }
    buffer.skipBytes(1);
    return length;
  }
}
