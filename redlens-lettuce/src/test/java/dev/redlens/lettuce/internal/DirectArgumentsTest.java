package dev.redlens.lettuce.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandKeyword;
import io.lettuce.core.protocol.CommandType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Arguments read from Lettuce's argument objects ({@link DirectArguments}) are the bytes Lettuce
 * sends: each is compared with what Lettuce's own encoder writes for the same {@link CommandArgs}
 * (parsed here from the RESP it produces), and the kinds whose bytes only encoding tells are left
 * to the encoder.
 */
class DirectArgumentsTest {

  @Test
  void theFieldsOfThisLettuceAreFound() {
    // without them every sampled span would encode its command twice (still correct, slower)
    assertThat(DirectArguments.available()).isTrue();
  }

  @Test
  void stringCodecArgumentsReadAsSent() {
    CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8);
    args.addKey("user:42").addValue("héllo wörld ✓").add("EX").add(60L).add(CommandKeyword.NX);
    args.add(CommandType.GET).add("ünïcode").add(new byte[] {'r', 'a', 'w'});

    assertAllReadAsSent(args);
  }

  @Test
  void aUtf8StringCodecOfTheApplicationsOwnIsReadToo() {
    CommandArgs<String, String> args = new CommandArgs<>(new StringCodec(StandardCharsets.UTF_8));
    args.addKey("k").addValue("v");

    assertAllReadAsSent(args);
  }

  @Test
  void byteArrayCodecArgumentsReadAsSent() {
    // Spring Data Redis's connections use ByteArrayCodec
    CommandArgs<byte[], byte[]> args = new CommandArgs<>(ByteArrayCodec.INSTANCE);
    args.addKey("session:é".getBytes(StandardCharsets.UTF_8))
        .addValue(new byte[] {(byte) 0xff, 0, 'x'}) // not UTF-8: decoded as the encoder's bytes
        .add(5L);

    assertAllReadAsSent(args);
  }

  @Test
  void whatOnlyEncodingTellsIsLeftToTheEncoder() {
    // a codec that changes keys on the way out: the key object is not what is sent
    RedisCodec<String, String> prefixing =
        new RedisCodec<>() {
          @Override
          public String decodeKey(ByteBuffer bytes) {
            return StandardCharsets.UTF_8.decode(bytes).toString();
          }

          @Override
          public String decodeValue(ByteBuffer bytes) {
            return decodeKey(bytes);
          }

          @Override
          public ByteBuffer encodeKey(String key) {
            return StandardCharsets.UTF_8.encode("tenant:" + key);
          }

          @Override
          public ByteBuffer encodeValue(String value) {
            return StandardCharsets.UTF_8.encode(value);
          }
        };
    CommandArgs<String, String> custom = new CommandArgs<>(prefixing);
    custom.addKey("k");
    assertThat(DirectArguments.read(custom, 0)).isNull();
    assertThat(new LettuceArguments(custom).get(0))
        .isEqualTo("tenant:k")
        .isEqualTo(sent(custom).get(0));

    CommandArgs<String, String> ascii = new CommandArgs<>(StringCodec.ASCII);
    ascii.addKey("ké");
    assertThat(DirectArguments.read(ascii, 0)).isNull();
    assertThat(new LettuceArguments(ascii).get(0)).isEqualTo(sent(ascii).get(0));

    CommandArgs<String, String> other = new CommandArgs<>(StringCodec.UTF8);
    other.add(1.5).add(new char[] {'c'}).addKey("\ud800lone");
    for (int i = 0; i < other.count(); i++) {
      assertThat(DirectArguments.read(other, i)).as("argument %d", i).isNull();
    }
    assertAllReadAsSent(other); // through the encoder
  }

  @Test
  void anIndexOutOfRangeIsNotRead() {
    CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8);
    args.addKey("k");
    assertThat(DirectArguments.read(args, 1)).isNull();
    assertThat(DirectArguments.read(args, -1)).isNull();
  }

  /** Every argument, read directly where possible and through the adapter, is the one sent. */
  private static void assertAllReadAsSent(CommandArgs<?, ?> args) {
    List<String> sent = sent(args);
    assertThat(sent).hasSize(args.count());
    LettuceArguments adapter = new LettuceArguments(args);
    for (int i = 0; i < args.count(); i++) {
      String direct = DirectArguments.read(args, i);
      if (direct != null) {
        assertThat(direct).as("argument %d read directly", i).isEqualTo(sent.get(i));
      }
      assertThat(adapter.get(i)).as("argument %d through the adapter", i).isEqualTo(sent.get(i));
    }
  }

  /** The arguments as Lettuce's encoder writes them (RESP bulk strings), decoded as UTF-8. */
  private static List<String> sent(CommandArgs<?, ?> args) {
    ByteBuf buffer = Unpooled.buffer();
    try {
      args.encode(buffer);
      String resp = buffer.toString(StandardCharsets.ISO_8859_1);
      List<String> out = new ArrayList<>();
      int at = 0;
      while (at < resp.length()) {
        int lineEnd = resp.indexOf("\r\n", at);
        int length = Integer.parseInt(resp.substring(at + 1, lineEnd));
        byte[] bytes =
            resp.substring(lineEnd + 2, lineEnd + 2 + length).getBytes(StandardCharsets.ISO_8859_1);
        out.add(new String(bytes, StandardCharsets.UTF_8));
        at = lineEnd + 2 + length + 2;
      }
      return out;
    } finally {
      buffer.release();
    }
  }
}
