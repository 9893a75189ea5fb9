package dev.redlens.project.internal.lettuce;

import dev.redlens.lettuce.spi.LettuceCommandArgs;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.ProtocolKeyword;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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
                new GenericOutput(),
                LettuceCommandArgs.of(command.subList(1, command.size()))));
    ((StatefulRedisConnection) connection).dispatch(async);
    return LettuceFutures.awaitOrCancel(
        (RedisFuture<Object>) async, connection.getTimeout().toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Any reply: bulk strings as byte[], status as String, integers as Long, arrays as List. */
  static final class GenericOutput extends CommandOutput<byte[], byte[], Object> {
    private final Deque<List<Object>> stack = new ArrayDeque<>();
    private List<Object> current;
    private int depth;

    GenericOutput() {
      super(ByteArrayCodec.INSTANCE, null);
    }

    private void add(Object value) {
      if (current == null) {
        output = value;
      } else {
        current.add(value);
      }
    }

    @Override
    public void set(ByteBuffer bytes) {
      if (bytes == null) {
        add(null);
        return;
      }
      byte[] b = new byte[bytes.remaining()];
      bytes.get(b);
      add(b);
    }

    @Override
    public void setSingle(ByteBuffer bytes) {
      add(bytes == null ? null : StandardCharsets.UTF_8.decode(bytes).toString());
    }

    @Override
    public void set(long integer) {
      add(integer);
    }

    @Override
    public void set(double number) {
      add(number);
    }

    @Override
    public void set(boolean value) {
      add(value);
    }

    @Override
    public void multi(int count) {
      List<Object> list = new ArrayList<>(Math.max(0, count));
      add(list);
      if (current != null) {
        stack.push(current);
      }
      current = list;
      depth++;
    }

    @Override
    public void complete(int depth) {
      while (depth < this.depth) {
        current = stack.isEmpty() ? current : stack.pop();
        this.depth--;
      }
    }
  }
}
