package dev.redlens.project.internal.lettuce;

import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.CommandArgs;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Lettuce's {@link CommandArgs} give no access to single arguments, so they are encoded the way
 * they go on the wire (RESP bulk strings, keys and values through the connection's codec) and read
 * back as bytes; the rewritten arguments are built as byte arguments, which Lettuce sends verbatim.
 */
final class LettuceArgs {

  private LettuceArgs() {}

  static List<byte[]> bytes(CommandArgs<?, ?> args) {
    if (args == null || args.count() == 0) {
      return Collections.emptyList();
    }
    ByteBuf buffer = Unpooled.buffer(64);
    try {
      args.encode(buffer);
      List<byte[]> out = new ArrayList<>(args.count());
      while (buffer.isReadable()) {
        if (buffer.readByte() != '$') {
          throw new IllegalStateException("unexpected argument encoding");
        }
        int length = readLength(buffer);
        byte[] value = new byte[length];
        buffer.readBytes(value);
        buffer.skipBytes(2);
        out.add(value);
      }
      return out;
    } finally {
      buffer.release();
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static <K, V> CommandArgs<K, V> of(List<byte[]> arguments) {
    CommandArgs args = new CommandArgs<>(ByteArrayCodec.INSTANCE);
    for (byte[] a : arguments) {
      args.add(a);
    }
    return (CommandArgs<K, V>) args;
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
