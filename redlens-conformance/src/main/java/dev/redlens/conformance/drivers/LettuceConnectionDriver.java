package dev.redlens.conformance.drivers;

import dev.redlens.conformance.ClientTraits;
import dev.redlens.conformance.RedisDriver;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.ProtocolKeyword;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The conformance suites' driver over an instrumented Lettuce connection (of a {@code
 * LettuceTelemetry} client, a project-scoped one…): typed reads through the sync API, raw commands
 * through {@code dispatch}, pipelines with auto-flush off.
 */
public final class LettuceConnectionDriver implements RedisDriver {

  private final StatefulRedisConnection<String, String> connection;
  private final RedisCommands<String, String> sync;
  private final RedisAsyncCommands<String, String> async;
  private final Duration timeout;
  private final Runnable onClose;
  private final ClientTraits traits;

  /**
   * @param timeout the connection's command timeout (raw commands wait that long plus 5 s)
   * @param onClose run after the connection is closed (shut the client down)
   */
  public LettuceConnectionDriver(
      StatefulRedisConnection<String, String> connection,
      Duration timeout,
      Runnable onClose,
      ClientTraits traits) {
    this.connection = connection;
    this.sync = connection.sync();
    this.async = connection.async();
    this.timeout = timeout;
    this.onClose = onClose;
    this.traits = traits;
  }

  @Override
  public ClientTraits traits() {
    return traits;
  }

  @Override
  public String set(String key, String value) {
    return sync.set(key, value);
  }

  @Override
  public String get(String key) {
    return sync.get(key);
  }

  @Override
  public List<String> mget(String... keys) {
    return values(sync.mget(keys));
  }

  @Override
  public long hset(String key, String field, String value) {
    return sync.hset(key, field, value) ? 1 : 0;
  }

  @Override
  public String hget(String key, String field) {
    return sync.hget(key, field);
  }

  @Override
  public List<String> hmget(String key, String... fields) {
    return values(sync.hmget(key, fields));
  }

  @Override
  public Object command(String... commandAndArguments) {
    return await(dispatch(commandAndArguments), timeout);
  }

  @Override
  public CompletableFuture<Object> commandAsync(String... commandAndArguments) {
    return dispatch(commandAndArguments).toCompletableFuture();
  }

  @Override
  public List<Object> pipeline(List<String[]> commands) {
    connection.setAutoFlushCommands(false);
    List<RedisFuture<Object>> futures = new ArrayList<>();
    try {
      for (String[] command : commands) {
        futures.add(dispatch(command));
      }
      connection.flushCommands();
    } finally {
      connection.setAutoFlushCommands(true);
    }
    return replies(futures, timeout);
  }

  /** The replies of pipelined commands, in order: each reply, or its exception. */
  static List<Object> replies(List<RedisFuture<Object>> futures, Duration timeout) {
    List<Object> replies = new ArrayList<>();
    for (RedisFuture<Object> future : futures) {
      try {
        replies.add(await(future, timeout));
      } catch (RuntimeException e) {
        replies.add(e);
      }
    }
    return replies;
  }

  @Override
  public List<Object> transaction(List<String[]> commands) {
    sync.multi();
    for (String[] command : commands) {
      dispatch(command); // completes with EXEC
    }
    TransactionResult result = sync.exec();
    List<Object> results = new ArrayList<>();
    result.forEach(results::add);
    return results;
  }

  @Override
  public void close() {
    try {
      connection.close();
    } finally {
      onClose.run();
    }
  }

  private RedisFuture<Object> dispatch(String... commandAndArguments) {
    CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8);
    for (String argument : Arrays.copyOfRange(commandAndArguments, 1, commandAndArguments.length)) {
      args.add(argument);
    }
    return async.dispatch(keyword(commandAndArguments[0]), new AnyOutput(), args);
  }

  /** The reply of {@code future}, waiting the command timeout plus 5 s; failures thrown. */
  static Object await(RedisFuture<Object> future, Duration timeout) {
    try {
      return future.get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime
          ? runtime
          : new RuntimeException(e.getCause());
    } catch (TimeoutException e) {
      throw new RuntimeException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RuntimeException(e);
    }
  }

  /** Lettuce's command type of that name, or a raw keyword for a name Lettuce does not know. */
  static ProtocolKeyword keyword(String name) {
    try {
      return CommandType.valueOf(name.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      byte[] raw = name.getBytes(StandardCharsets.UTF_8);
      return new ProtocolKeyword() {
        @Override
        public byte[] getBytes() {
          return raw;
        }

        @Override
        public String toString() {
          return name;
        }
      };
    }
  }

  /** The values of an MGET/HMGET reply, null for each missing one. */
  static List<String> values(List<KeyValue<String, String>> keyValues) {
    List<String> values = new ArrayList<>();
    for (KeyValue<String, String> keyValue : keyValues) {
      values.add(keyValue.getValueOrElse(null));
    }
    return values;
  }
}
