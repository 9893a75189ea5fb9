package dev.redlens.lettuce.spi;

import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.CommandArgs;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The arguments of a Lettuce command as bytes, and back. Lettuce's {@link CommandArgs} give no
 * access to single arguments, so they are encoded the way they go on the wire (RESP bulk strings,
 * keys and values through the connection's codec) and read back; arguments built from bytes are
 * sent verbatim.
 */
public final class LettuceCommandArgs {

  private LettuceCommandArgs() {}

  /** The arguments after the command name, as sent; empty for none. */
  public static List<byte[]> bytes(CommandArgs<?, ?> args) {
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

  /** Arguments that are sent as the given bytes, whatever the connection's codec. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static <K, V> CommandArgs<K, V> of(List<byte[]> arguments) {
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
