package dev.redlens.jedis.internal;

import redis.clients.jedis.Connection;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.ConnectionProvider;
import redis.clients.jedis.providers.PooledConnectionProvider;
import redis.clients.jedis.util.Pool;

/**
 * A {@link UnifiedJedis} on one of Redlens's instrumented connection providers, through the
 * constructor that every Jedis from 6 to 8 has ({@code UnifiedJedis(ConnectionProvider,
 * RedisProtocol)}; Jedis 8 removed {@code JedisPooled} and {@code JedisSentineled}, Jedis 6 and 7.0
 * have no {@code RedisClient}). The single-connection client is one everywhere (Jedis's own
 * single-connection {@code UnifiedJedis} refuses pipelines and transactions); pooled and Sentinel
 * clients are one where Jedis has no {@code RedisClient} ({@link JedisClients}).
 */
public final class ProviderClient extends UnifiedJedis {

  public ProviderClient(ConnectionProvider provider, RedisProtocol protocol) {
    super(provider, protocol);
  }

  /** The pool of a pooled client (as {@code JedisPooled#getPool()}); null for another client. */
  public Pool<Connection> getPool() {
    return provider instanceof PooledConnectionProvider pooled ? pooled.getPool() : null;
  }
}
