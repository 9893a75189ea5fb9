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
import java.util.ArrayList;
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
  public Object run(List<byte[]> command) {
    return runTogether(List.of(command)).get(0);
  }

  /**
   * See {@code RedisCommandRunner#runTogether}: the commands are dispatched as one batch, which
   * Lettuce writes to the connection's channel with nothing in between.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public List<Object> runTogether(List<List<byte[]>> commands) {
    List<AsyncCommand<byte[], byte[], Object>> sent = new ArrayList<>();
    for (List<byte[]> command : commands) {
      sent.add(command(command));
    }
    ((StatefulRedisConnection) connection).dispatch(sent);
    long timeout = connection.getTimeout().toNanos();
    List<Object> replies = new ArrayList<>();
    for (AsyncCommand<byte[], byte[], Object> async : sent) {
      replies.add(
          LettuceFutures.awaitOrCancel((RedisFuture<Object>) async, timeout, TimeUnit.NANOSECONDS));
    }
    return replies;
  }

  private static AsyncCommand<byte[], byte[], Object> command(List<byte[]> command) {
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
    return new AsyncCommand<>(
        new Command<>(
            type,
            new AnyReplyOutput<>(ByteArrayCodec.INSTANCE),
            LettuceCommandArgs.of(command.subList(1, command.size()))));
  }
}
