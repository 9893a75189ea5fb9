package dev.redlens.service.internal.redis;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.lettuce.LettuceTelemetry;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.support.ConnectionPoolSupport;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;

/**
 * The service's Redis client: one Lettuce {@code RedisClient} instrumented by {@link LettuceTelemetry}, and a
 * commons-pool2 pool of its connections ({@code REDIS_MAX_CONNECTIONS}) made by Lettuce's
 * {@link ConnectionPoolSupport}. Every command of the API goes through {@link #withConnection}. When Redis is
 * down, commands are rejected at once (not queued) and the failure becomes a {@link RedisUnavailableException}.
 */
public final class RedisConnector implements AutoCloseable {

  private final RedisURI uri;
  private final String displayUri;
  private final ClientResources resources;
  private final io.lettuce.core.RedisClient client;
  private final GenericObjectPool<StatefulRedisConnection<String, String>> pool;
  private final PoolMetrics poolMetrics;

  public RedisConnector(
      String url,
      RedisTelemetry telemetry,
      OpenTelemetry openTelemetry,
      int maxConnections,
      Duration connectionTimeout,
      Duration operationTimeout) {
    this.uri = RedisURI.create(url);
    uri.setTimeout(operationTimeout);
    this.displayUri = display(uri);
    this.resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
    this.client = io.lettuce.core.RedisClient.create(resources, uri);
    client.setOptions(
        ClientOptions.builder()
            .socketOptions(SocketOptions.builder().connectTimeout(connectionTimeout).build())
            .timeoutOptions(TimeoutOptions.enabled(operationTimeout))
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .build());
    LettuceTelemetry.create(telemetry).instrument(client);
    GenericObjectPoolConfig<StatefulRedisConnection<String, String>> config = new GenericObjectPoolConfig<>();
    config.setMaxTotal(maxConnections);
    config.setMaxIdle(maxConnections);
    config.setMinIdle(0);
    config.setMaxWait(connectionTimeout);
    config.setTestOnBorrow(true);
    config.setJmxEnabled(false);
    this.pool = ConnectionPoolSupport.createGenericObjectPool(client::connect, config);
    this.poolMetrics = new PoolMetrics(openTelemetry, pool, poolName(uri));
  }

  private static String poolName(RedisURI uri) {
    return (uri.getSocket() != null ? uri.getSocket() : uri.getHost() + ":" + uri.getPort()) + "/" + uri.getDatabase();
  }

  /** The URI without credentials. */
  private static String display(RedisURI uri) {
    String scheme = uri.isSsl() ? "rediss" : "redis";
    if (uri.getSocket() != null) {
      return "redis-socket://" + uri.getSocket();
    }
    return scheme + "://" + uri.getHost() + ":" + uri.getPort() + (uri.getDatabase() == 0 ? "" : "/" + uri.getDatabase());
  }

  /** Runs {@code body} on a pooled connection's sync API and returns the connection to the pool. */
  public <T> T withConnection(Function<RedisCommands<String, String>, T> body) {
    return withStatefulConnection(connection -> body.apply(connection.sync()));
  }

  /** Runs {@code body} on a pooled connection (for pipelining with its async API) and returns it to the pool. */
  public <T> T withStatefulConnection(Function<StatefulRedisConnection<String, String>, T> body) {
    long start = System.nanoTime();
    StatefulRedisConnection<String, String> connection;
    try {
      connection = pool.borrowObject();
    } catch (NoSuchElementException e) {
      boolean timeout = e.getCause() == null;
      poolMetrics.recordBorrowFailure(timeout);
      throw new RedisUnavailableException(
          timeout ? "no pooled Redis connection became free in time" : "cannot connect to Redis at " + displayUri
              + ": " + rootMessage(e), e);
    } catch (Exception e) {
      poolMetrics.recordBorrowFailure(false);
      throw new RedisUnavailableException("cannot connect to Redis at " + displayUri + ": " + rootMessage(e), e);
    }
    long borrowed = System.nanoTime();
    poolMetrics.recordBorrow(borrowed - start);
    try {
      return body.apply(connection);
    } catch (RedisConnectionException | RedisCommandTimeoutException e) {
      throw new RedisUnavailableException("Redis at " + displayUri + " failed: " + rootMessage(e), e);
    } catch (io.lettuce.core.RedisException e) {
      if (!connection.isOpen()) {
        throw new RedisUnavailableException("Redis at " + displayUri + " failed: " + rootMessage(e), e);
      }
      throw e;
    } finally {
      poolMetrics.recordReturn(System.nanoTime() - borrowed);
      connection.close(); // returns it to the pool
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return String.valueOf(t.getMessage());
  }

  public String displayUri() {
    return displayUri;
  }

  public RedisURI uri() {
    return uri;
  }

  public PoolMetrics poolMetrics() {
    return poolMetrics;
  }

  @Override
  public void close() {
    poolMetrics.close();
    pool.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }
}
