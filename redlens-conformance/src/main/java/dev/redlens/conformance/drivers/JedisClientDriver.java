package dev.redlens.conformance.drivers;

import dev.redlens.conformance.ClientTraits;
import dev.redlens.conformance.RedisDriver;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * The conformance suites' driver over an instrumented Jedis client (any {@link UnifiedJedis}: a
 * {@code JedisTelemetry} client, a project-scoped one): typed reads through {@link UnifiedJedis}'s
 * API, raw commands through {@code executeCommand(CommandArguments)}, Jedis's own pipelines and
 * transactions. The command timeout is the socket timeout ({@link #config}).
 */
public final class JedisClientDriver implements RedisDriver {

  private final UnifiedJedis jedis;
  private final ClientTraits traits;

  public JedisClientDriver(UnifiedJedis jedis) {
    this(jedis, ClientTraits.PLAIN);
  }

  public JedisClientDriver(UnifiedJedis jedis, ClientTraits traits) {
    this.jedis = jedis;
    this.traits = traits;
  }

  /**
   * The client configuration of {@code uri} (database, password) with {@code timeout} as socket
   * timeout.
   */
  public static JedisClientConfig config(String uri, Duration timeout) {
    // builder(URI) exists only since Jedis 7: read the URI's parts through JedisURIHelper (Jedis
    // 6+)
    URI parsed = URI.create(uri);
    return DefaultJedisClientConfig.builder()
        .user(JedisURIHelper.getUser(parsed))
        .password(JedisURIHelper.getPassword(parsed))
        .database(JedisURIHelper.getDBIndex(parsed))
        .socketTimeoutMillis((int) timeout.toMillis())
        .build();
  }

  /** The host and port of {@code redis://[:password@]host:port}. */
  public static HostAndPort hostAndPort(String uri) {
    return JedisURIHelper.getHostAndPort(URI.create(uri));
  }

  @Override
  public ClientTraits traits() {
    return traits;
  }

  @Override
  public String set(String key, String value) {
    return jedis.set(key, value);
  }

  @Override
  public String get(String key) {
    return jedis.get(key);
  }

  @Override
  public List<String> mget(String... keys) {
    return jedis.mget(keys);
  }

  @Override
  public long hset(String key, String field, String value) {
    return jedis.hset(key, field, value);
  }

  @Override
  public String hget(String key, String field) {
    return jedis.hget(key, field);
  }

  @Override
  public List<String> hmget(String key, String... fields) {
    return jedis.hmget(key, fields);
  }

  @Override
  public Object command(String... commandAndArguments) {
    return normalize(jedis.executeCommand(arguments(commandAndArguments)));
  }

  @Override
  public CompletableFuture<Object> commandAsync(String... commandAndArguments) {
    return onDaemonThread(() -> command(commandAndArguments), "jedis-driver-async");
  }

  @Override
  public List<Object> pipeline(List<String[]> commands) {
    try (AbstractPipeline pipeline = openPipeline(jedis)) {
      return pipelined(pipeline, commands, JedisClientDriver::arguments);
    }
  }

  @Override
  public List<Object> transaction(List<String[]> commands) {
    try (AbstractTransaction transaction = jedis.multi()) {
      return transacted(transaction, commands, JedisClientDriver::arguments);
    }
  }

  /**
   * {@code jedis.pipelined()} on every Jedis: it returns {@code PipelineBase} on Jedis 6 and {@code
   * AbstractPipeline} from Jedis 7 on, so a call compiled against one does not link against the
   * other (the compat modules run these drivers on both). redlens-project's {@code
   * JedisRunner.pipelined} is the same shim, kept twice on purpose: this module cannot depend on
   * redlens-project or redlens-jedis (both test-depend on it, a cycle), and their main code cannot
   * use test support.
   */
  public static AbstractPipeline openPipeline(UnifiedJedis jedis) {
    try {
      return (AbstractPipeline) UnifiedJedis.class.getMethod("pipelined").invoke(jedis);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sends {@code commands} through {@code pipeline}: each reply normalized, or its exception. */
  public static List<Object> pipelined(
      AbstractPipeline pipeline,
      List<String[]> commands,
      Function<String[], CommandArguments> arguments) {
    List<Response<Object>> responses = new ArrayList<>();
    for (String[] command : commands) {
      responses.add(pipeline.sendCommand(arguments.apply(command)));
    }
    pipeline.sync();
    List<Object> replies = new ArrayList<>();
    for (Response<Object> response : responses) {
      try {
        replies.add(normalize(response.get()));
      } catch (RuntimeException e) {
        replies.add(e);
      }
    }
    return replies;
  }

  /** Queues {@code commands} in {@code transaction} and returns EXEC's replies, normalized. */
  public static List<Object> transacted(
      AbstractTransaction transaction,
      List<String[]> commands,
      Function<String[], CommandArguments> arguments) {
    for (String[] command : commands) {
      transaction.sendCommand(arguments.apply(command));
    }
    List<Object> results = transaction.exec();
    List<Object> normalized = new ArrayList<>(results.size());
    for (Object result : results) {
      normalized.add(normalize(result));
    }
    return normalized;
  }

  /** {@code command} run on a new daemon thread named {@code name}. */
  public static CompletableFuture<Object> onDaemonThread(Supplier<Object> command, String name) {
    return CompletableFuture.supplyAsync(
        command,
        runnable -> {
          Thread thread = new Thread(runnable, name);
          thread.setDaemon(true);
          thread.start();
        });
  }

  @Override
  public void close() {
    jedis.close();
  }

  private static CommandArguments arguments(String... commandAndArguments) {
    CommandArguments args = new CommandArguments(command(commandAndArguments[0]));
    for (int i = 1; i < commandAndArguments.length; i++) {
      args.add(commandAndArguments[i]);
    }
    return args;
  }

  /** Jedis's command of that name, or a raw one for a name Jedis does not know. */
  public static ProtocolCommand command(String name) {
    try {
      return Protocol.Command.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      byte[] raw = name.getBytes(StandardCharsets.UTF_8);
      return () -> raw;
    }
  }

  /** Bulk strings as Strings, arrays as lists of normalized elements. */
  public static Object normalize(Object reply) {
    if (reply instanceof byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    if (reply instanceof List<?> list) {
      List<Object> normalized = new ArrayList<>(list.size());
      for (Object element : list) {
        normalized.add(normalize(element));
      }
      return normalized;
    }
    return reply;
  }
}
