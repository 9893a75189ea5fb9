package dev.redlens.lettuce.spi;

import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.CommandArgs;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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
    Encoded encoded = encode(args);
    List<byte[]> out = new ArrayList<>(encoded.size());
    for (int i = 0; i < encoded.size(); i++) {
      out.add(encoded.bytes(i));
    }
    return out;
  }

  /**
   * The arguments after the command name encoded once, as sent, each read on demand: a reader that
   * needs a few of them (the keys of a query text whose values are masked) decodes only those.
   */
  public static Encoded encode(CommandArgs<?, ?> args) {
    if (args == null || args.count() == 0) {
      return Encoded.EMPTY;
    }
    ByteBuf buffer = Unpooled.buffer(64);
    try {
      args.encode(buffer);
      int[] spans = new int[2 * args.count()];
      int count = 0;
      while (buffer.isReadable()) {
        if (buffer.readByte() != '$') {
          throw new IllegalStateException("unexpected argument encoding");
        }
        int length = readLength(buffer);
        if (2 * count + 1 >= spans.length) {
          spans = Arrays.copyOf(spans, spans.length * 2 + 2);
        }
        spans[2 * count] = buffer.readerIndex();
        spans[2 * count + 1] = length;
        count++;
        buffer.skipBytes(length + 2);
      }
      // the bytes themselves: the buffer's own array when it has one (it outlives the release)
      byte[] raw;
      if (buffer.hasArray() && buffer.arrayOffset() == 0) {
        raw = buffer.array();
      } else {
        raw = new byte[buffer.writerIndex()];
        buffer.getBytes(0, raw);
      }
      return new Encoded(raw, spans, count);
    } finally {
      buffer.release();
    }
  }

  /** Encoded arguments: one array and where each argument lies in it. */
  public static final class Encoded {

    static final Encoded EMPTY = new Encoded(new byte[0], new int[0], 0);

    private final byte[] raw;
    private final int[] spans; // offset and length of each argument
    private final int count;

    private Encoded(byte[] raw, int[] spans, int count) {
      this.raw = raw;
      this.spans = spans;
      this.count = count;
    }

    public int size() {
      return count;
    }

    /** Argument {@code index} as sent. */
    public byte[] bytes(int index) {
      int from = offset(index);
      return Arrays.copyOfRange(raw, from, from + spans[2 * index + 1]);
    }

    /** Argument {@code index} decoded as UTF-8. */
    public String string(int index) {
      return new String(raw, offset(index), spans[2 * index + 1], StandardCharsets.UTF_8);
    }

    private int offset(int index) {
      if (index < 0 || index >= count) {
        throw new IndexOutOfBoundsException(index);
      }
      return spans[2 * index];
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
