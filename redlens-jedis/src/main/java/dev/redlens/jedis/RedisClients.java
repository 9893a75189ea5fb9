package dev.redlens.jedis;

import dev.redlens.jedis.internal.InstrumentedProviders;
import java.net.URI;
import java.util.Objects;
import java.util.Set;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;

/**
 * The clients of a {@link JedisTelemetry} with the types Jedis 7.1 introduced ({@link RedisClient},
 * {@link RedisClusterClient}, {@link RedisSentinelClient}), for Jedis 7.1 and later ({@link
 * JedisTelemetry#redisClients()}). The same instrumentation, options and pool registrations as
 * {@link JedisTelemetry}'s own methods ({@link JedisTelemetry#poolName} and {@link
 * JedisTelemetry#poolSnapshot} take these clients too). A separate class, so that {@code
 * JedisTelemetry} names none of these types and still loads, and can be introspected, on Jedis 6
 * and 7.0.
 *
 * <pre>{@code
 * RedisClient jedis = JedisTelemetry.create(telemetry).redisClients().pooled("redis://localhost:6379", null);
 * }</pre>
 */
public final class RedisClients {

  private final InstrumentedProviders providers;

  RedisClients(InstrumentedProviders providers) {
    this.providers = providers;
  }

  /** {@link JedisTelemetry#pooled(String, GenericObjectPoolConfig)} as a {@link RedisClient}. */
  public RedisClient pooled(String uri, GenericObjectPoolConfig<Connection> poolConfig) {
    URI parsed = URI.create(Objects.requireNonNull(uri, "uri"));
    return pooled(
        InstrumentedProviders.hostAndPort(parsed),
        InstrumentedProviders.config(parsed),
        poolConfig);
  }

  /**
   * {@link JedisTelemetry#pooled(HostAndPort, JedisClientConfig, GenericObjectPoolConfig)} as a
   * {@link RedisClient}.
   */
  public RedisClient pooled(
      HostAndPort hostAndPort,
      JedisClientConfig config,
      GenericObjectPoolConfig<Connection> poolConfig) {
    return (RedisClient) providers.pooled(hostAndPort, config, poolConfig);
  }

  /**
   * A {@link RedisClusterClient} on the connection provider of {@link JedisTelemetry#cluster}: the
   * same spans, points and per-node pools. Jedis 7.1+'s cluster client refuses {@code multi()}; run
   * a transaction on {@code getConnectionFromSlot}, a traced connection.
   */
  public RedisClusterClient cluster(
      Set<HostAndPort> nodes,
      JedisClientConfig config,
      GenericObjectPoolConfig<Connection> poolConfig) {
    return RedisClusterClient.builder()
        .nodes(nodes)
        .clientConfig(config)
        .connectionProvider(providers.cluster(nodes, config, poolConfig))
        .build();
  }

  /** {@link JedisTelemetry#sentinel} as a {@link RedisSentinelClient}. */
  public RedisSentinelClient sentinel(
      String masterName,
      Set<HostAndPort> sentinels,
      JedisClientConfig masterConfig,
      JedisClientConfig sentinelConfig) {
    return (RedisSentinelClient)
        providers.sentinelClient(masterName, sentinels, masterConfig, sentinelConfig);
  }
}
