package dev.redlens.project;

import java.time.Duration;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.PooledConnectionProvider;

/**
 * An unscoped, uninstrumented Jedis client for the tests' administrative work, through constructors
 * every Jedis from 6 to 8 has (Jedis 8 dropped {@code UnifiedJedis(HostAndPort, JedisClientConfig)}
 * and {@code JedisPooled}; Jedis 6 and 7.0 have no {@code RedisClient}), so that the tests also run
 * in compat/.
 */
final class PlainJedis {

  private PlainJedis() {}

  static UnifiedJedis client(HostAndPort address, JedisClientConfig config) {
    return new UnifiedJedis(
        new PooledConnectionProvider(address, config), 1, Duration.ofSeconds(10));
  }
}
