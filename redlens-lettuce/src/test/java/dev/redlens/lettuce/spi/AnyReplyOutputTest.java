package dev.redlens.lettuce.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redlens.testing.RedisServerExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every kind of reply through {@link AnyReplyOutput}, from a real redis-server over RESP3. */
class AnyReplyOutputTest {

  @RegisterExtension static final RedisServerExtension redis = RedisServerExtension.create();

  private RedisClient client;
  private StatefulRedisConnection<String, String> connection;

  @BeforeEach
  void connect() {
    client = RedisClient.create(redis.server().uri());
    connection = client.connect();
    connection.sync().rpush("one", "a");
    connection.sync().zadd("scores", 1.5, "m");
    connection.sync().hset("hash", "f", "v");
  }

  @AfterEach
  void close() {
    connection.close();
    client.shutdown();
  }

  @Test
  void scalarsStayScalarsAndArraysNestAsSent() {
    assertThat(run(StringCodec.UTF8, "SET", "k", "v")).isEqualTo("OK");
    assertThat(run(StringCodec.UTF8, "GET", "k")).isEqualTo("v");
    assertThat(run(StringCodec.UTF8, "GET", "missing")).isNull();
    assertThat(run(StringCodec.UTF8, "INCR", "n")).isEqualTo(1L);
    // a one-element array is a list, not its element
    assertThat(run(StringCodec.UTF8, "LRANGE", "one", "0", "-1")).isEqualTo(List.of("a"));
    assertThat(run(StringCodec.UTF8, "EVAL", "return {1, {2, {'x'}, 'y'}, 'z', false}", "0"))
        .isEqualTo(Arrays.asList(1L, List.of(2L, List.of("x"), "y"), "z", null));
  }

  @Test
  void resp3TypesKeepTheirJavaTypes() {
    assertThat(run(StringCodec.UTF8, "ZSCORE", "scores", "m")).isEqualTo(1.5);
    assertThat(run(StringCodec.UTF8, "HGETALL", "hash")).isEqualTo(List.of("f", "v"));
    assertThat(run(StringCodec.UTF8, "EVAL", "redis.setresp(3); return true", "0")).isEqualTo(true);
  }

  @Test
  void bulkStringsAndStatusRepliesGoThroughTheCodec() {
    assertThat((byte[]) run(ByteArrayCodec.INSTANCE, "GET", "one-missing")).isNull();
    connection.sync().set("k", "v");
    assertThat((byte[]) run(ByteArrayCodec.INSTANCE, "GET", "k"))
        .isEqualTo("v".getBytes(StandardCharsets.UTF_8));
    // Lettuce hands a status reply to the output as it does a bulk string
    assertThat((byte[]) run(ByteArrayCodec.INSTANCE, "PING"))
        .isEqualTo("PONG".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anErrorReplyFailsTheCommand() {
    assertThatThrownBy(() -> run(StringCodec.UTF8, "INCR", "hash"))
        .isInstanceOf(RedisCommandExecutionException.class)
        .hasMessageContaining("WRONGTYPE");
  }

  private <K, V> Object run(RedisCodec<K, V> codec, String command, String... arguments) {
    CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8);
    for (String argument : arguments) {
      args.add(argument);
    }
    @SuppressWarnings({"unchecked", "rawtypes"})
    CommandArgs<K, V> raw = (CommandArgs) args;
    StatefulRedisConnection<K, V> typed = client.connect(codec);
    try {
      return typed.sync().dispatch(CommandType.valueOf(command), new AnyReplyOutput<>(codec), raw);
    } finally {
      typed.close();
    }
  }
}
