package dev.redlens.jedis;

import dev.redlens.jedis.internal.ProviderClient;
import redis.clients.jedis.Connection;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.Pool;

/**
 * The commons-pool2 pool of a {@link JedisTelemetry#pooled} client, on every Jedis range: a {@code
 * RedisClient} from Jedis 7.1 on, a {@link ProviderClient} before (whose {@code RedisClient} branch
 * is never loaded there).
 */
final class JedisPools {

  private JedisPools() {}

  static Pool<Connection> of(UnifiedJedis client) {
    if (client instanceof ProviderClient provider) {
      return provider.getPool();
    }
    return Jedis71.pool(client);
  }

  private static final class Jedis71 {
    static Pool<Connection> pool(UnifiedJedis client) {
      return ((RedisClient) client).getPool();
    }
  }
}
