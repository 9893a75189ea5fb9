package dev.redlens.project.internal.lettuce;

import dev.redlens.lettuce.spi.AnyReplyOutput;
import dev.redlens.lettuce.spi.LettuceCommandArgs;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.ProtocolKeyword;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Raw commands over a Lettuce connection, for ACL provisioning and cleanup (administrative
 * connections). {@code RedisCommandRunner.lettuce} adapts it; it does not implement that interface
 * itself, so that the public package does not depend on this one and back.
 */
public final class LettuceRunner {

  private final StatefulRedisConnection<?, ?> connection;

  public LettuceRunner(StatefulRedisConnection<?, ?> connection) {
    this.connection = connection;
  }

  /** See {@code RedisCommandRunner#run}. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Object run(List<byte[]> command) {
    byte[] name = command.get(0);
    ProtocolKeyword type =
        new ProtocolKeyword() {
          @Override
          public byte[] getBytes() {
            return name;
          }

          @Override
          public String toString() {
            return new String(name, StandardCharsets.UTF_8);
          }
        };
    AsyncCommand<byte[], byte[], Object> async =
        new AsyncCommand<>(
            new Command<>(
                type,
                new AnyReplyOutput<>(ByteArrayCodec.INSTANCE),
                LettuceCommandArgs.of(command.subList(1, command.size()))));
    ((StatefulRedisConnection) connection).dispatch(async);
    return LettuceFutures.awaitOrCancel(
        (RedisFuture<Object>) async, connection.getTimeout().toNanos(), TimeUnit.NANOSECONDS);
  }
}
