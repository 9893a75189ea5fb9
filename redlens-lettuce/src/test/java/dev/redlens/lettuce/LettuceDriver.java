package dev.redlens.lettuce;

import dev.redlens.conformance.RedisDriver;
import dev.redlens.core.RedisTelemetry;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.resource.ClientResources;
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
 * The conformance suites' driver over an instrumented Lettuce {@link RedisClient}: typed reads
 * through the sync API, raw commands through {@code dispatch}, pipelines with auto-flush off. The
 * client rejects commands while disconnected (instead of queueing them for replay), so a command
 * sent to a dead server fails at once.
 */
final class LettuceDriver implements RedisDriver {

  private final ClientResources resources;
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final RedisCommands<String, String> sync;
  private final RedisAsyncCommands<String, String> async;
  private final Duration timeout;

  private LettuceDriver(RedisTelemetry telemetry, String uri, Duration timeout) {
    RedisURI redisUri = RedisURI.create(uri);
    redisUri.setTimeout(timeout);
    this.resources =
        LettuceTelemetry.create(telemetry).configure(ClientResources.builder()).build();
    this.client = RedisClient.create(resources, redisUri);
    client.setOptions(
        ClientOptions.builder()
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .build());
    this.connection = client.connect();
    this.sync = connection.sync();
    this.async = connection.async();
    this.timeout = timeout;
  }

  static RedisDriver connect(RedisTelemetry telemetry, String uri, Duration timeout) {
    return new LettuceDriver(telemetry, uri, timeout);
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
    return await(dispatch(commandAndArguments));
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
    List<Object> replies = new ArrayList<>();
    for (RedisFuture<Object> future : futures) {
      try {
        replies.add(await(future));
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
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }

  private RedisFuture<Object> dispatch(String... commandAndArguments) {
    CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8);
    for (String argument : Arrays.copyOfRange(commandAndArguments, 1, commandAndArguments.length)) {
      args.add(argument);
    }
    return async.dispatch(keyword(commandAndArguments[0]), new AnyOutput(), args);
  }

  private Object await(RedisFuture<Object> future) {
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

  private static ProtocolKeyword keyword(String name) {
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

  private static List<String> values(List<KeyValue<String, String>> keyValues) {
    List<String> values = new ArrayList<>();
    for (KeyValue<String, String> keyValue : keyValues) {
      values.add(keyValue.getValueOrElse(null));
    }
    return values;
  }
}
