package dev.redlens.project.internal.jedis;

import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionFactory;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisSocketFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.providers.PooledConnectionProvider;

/**
 * Builds Jedis clients whose connections are {@link ScopedJedisConnection}s, with Jedis's public
 * API only.
 */
public final class JedisClients {

  private JedisClients() {}

  /** A pooled {@link RedisClient} whose every connection is confined by {@code scope}. */
  public static RedisClient pooled(
      JedisScope scope,
      HostAndPort hostAndPort,
      JedisClientConfig config,
      GenericObjectPoolConfig<Connection> poolConfig) {
    ConnectionFactory factory =
        ConnectionFactory.builder()
            .hostAndPort(hostAndPort)
            .clientConfig(config)
            .socketFactory(new DefaultJedisSocketFactory(hostAndPort, config))
            .connectionBuilder(
                new ScopedJedisConnection.Builder(scope)
                    .socketFactory(new DefaultJedisSocketFactory(hostAndPort, config))
                    .clientConfig(config))
            .build();
    PooledConnectionProvider provider =
        new PooledConnectionProvider(
            factory, poolConfig == null ? new ConnectionPoolConfig() : poolConfig);
    return RedisClient.builder()
        .hostAndPort(hostAndPort)
        .clientConfig(config)
        .connectionProvider(provider)
        .build();
  }
}
