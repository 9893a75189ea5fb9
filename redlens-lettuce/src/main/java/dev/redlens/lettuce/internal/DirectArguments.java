package dev.redlens.lettuce.internal;

import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.CommandArgs;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads one argument of Lettuce's {@link CommandArgs} from the argument object Lettuce keeps for
 * it, without encoding the others. {@code CommandArgs} has no public access to single arguments, so
 * the general way ({@code LettuceCommandArgs#encode}) encodes all of them the way they go on the
 * wire and reads them back: for a sampled span's query text, which reads the keys and masks the
 * values, that was 5% of the CPU of a pipelined Lettuce client, a second encoding of every value
 * only to throw it away. OpenTelemetry's lettuce-5.1 reads the same fields (its {@code
 * OtelCommandArgsUtil}).
 *
 * <p>Only arguments whose text is certain to be the bytes sent are read here: strings and keys or
 * values of the UTF-8 {@link StringCodec} (without unpaired surrogates, which the encoder
 * replaces), {@code byte[]} keys and values of {@link ByteArrayCodec} (Spring Data Redis's),
 * integers, protocol keywords and raw bytes. For anything else (another codec, a double, a {@code
 * ByteBuffer}), and when the fields cannot be reached (a Lettuce that renamed them, a module that
 * does not open them), {@link #read} returns null and the caller encodes as before.
 */
final class DirectArguments {

  private static final Fields FIELDS = Fields.find();

  private DirectArguments() {}

  /** Argument {@code index} as sent, or null when it must be read by encoding. */
  static String read(CommandArgs<?, ?> args, int index) {
    Fields fields = FIELDS;
    if (fields == null) {
      return null;
    }
    try {
      List<?> arguments = (List<?>) fields.singular.get(args);
      if (index < 0 || index >= arguments.size()) {
        return null;
      }
      return fields.text(arguments.get(index));
    } catch (RuntimeException e) {
      return null; // a concurrent change or an unexpected layout: encode instead
    }
  }

  /** Whether the fast path is available (the fields of this Lettuce were found). */
  static boolean available() {
    return FIELDS != null;
  }

  /** The fields of Lettuce's argument classes, found once. */
  private record Fields(
      VarHandle singular,
      Class<?> keyClass,
      VarHandle key,
      VarHandle keyCodec,
      Class<?> valueClass,
      VarHandle value,
      VarHandle valueCodec,
      Class<?> stringClass,
      VarHandle string,
      Class<?> bytesClass,
      Class<?> keywordClass,
      VarHandle bytes,
      Class<?> integerClass,
      VarHandle integer,
      VarHandle utf8) {

    private static final String ARGS = "io.lettuce.core.protocol.CommandArgs$";

    static Fields find() {
      try {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        Class<?> keyClass = Class.forName(ARGS + "KeyArgument");
        Class<?> valueClass = Class.forName(ARGS + "ValueArgument");
        Class<?> stringClass = Class.forName(ARGS + "StringArgument");
        Class<?> bytesClass = Class.forName(ARGS + "BytesArgument");
        Class<?> keywordClass = Class.forName(ARGS + "ProtocolKeywordArgument");
        Class<?> integerClass = Class.forName(ARGS + "IntegerArgument");
        return new Fields(
            field(lookup, CommandArgs.class, "singularArguments", List.class),
            keyClass,
            field(lookup, keyClass, "key", Object.class),
            field(lookup, keyClass, "codec", RedisCodec.class),
            valueClass,
            field(lookup, valueClass, "val", Object.class),
            field(lookup, valueClass, "codec", RedisCodec.class),
            stringClass,
            field(lookup, stringClass, "val", String.class),
            bytesClass,
            keywordClass,
            field(lookup, bytesClass, "val", byte[].class),
            integerClass,
            field(lookup, integerClass, "val", long.class),
            field(lookup, StringCodec.class, "utf8", boolean.class));
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        return null;
      }
    }

    private static VarHandle field(
        MethodHandles.Lookup lookup, Class<?> owner, String name, Class<?> type)
        throws ReflectiveOperationException {
      return MethodHandles.privateLookupIn(owner, lookup).findVarHandle(owner, name, type);
    }

    /** The text of one argument object, or null when only encoding tells it. */
    String text(Object argument) {
      Class<?> type = argument.getClass();
      if (type == keyClass) {
        return encoded(key.get(argument), keyCodec.get(argument));
      }
      if (type == valueClass) {
        return encoded(value.get(argument), valueCodec.get(argument));
      }
      if (type == stringClass) {
        return exact((String) string.get(argument));
      }
      if (type == bytesClass || type == keywordClass) {
        return new String((byte[]) bytes.get(argument), StandardCharsets.UTF_8);
      }
      if (type == integerClass) {
        return Long.toString((long) integer.get(argument));
      }
      return null;
    }

    /** A key or value as its codec sends it, when the codec is one whose bytes are certain. */
    private String encoded(Object object, Object codec) {
      if (codec == null || object == null) {
        return null;
      }
      if (codec.getClass() == ByteArrayCodec.class && object instanceof byte[] raw) {
        return new String(raw, StandardCharsets.UTF_8);
      }
      if (codec.getClass() == StringCodec.class
          && (boolean) utf8.get(codec)
          && object instanceof String text) {
        return exact(text);
      }
      return null;
    }

    /** {@code text} if UTF-8 encodes it faithfully (no unpaired surrogate), else null. */
    private static String exact(String text) {
      for (int i = 0; i < text.length(); i++) {
        if (Character.isSurrogate(text.charAt(i))) {
          return null; // rare: let the encoder decide what goes on the wire
        }
      }
      return text;
    }
  }
}
