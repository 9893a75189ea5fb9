package dev.redlens.jedis.internal;

import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.UnifiedJedis;

/**
 * A {@link UnifiedJedis} on one pinned, instrumented connection: Jedis's single-connection {@code
 * UnifiedJedis} constructor takes no connection provider (so no pipelines or transactions) and is
 * deprecated, while its provider constructor is not. Not thread-safe, like every single-connection
 * Jedis client.
 */
public final class SingleConnectionClient extends UnifiedJedis {

  public SingleConnectionClient(SingleConnectionProvider provider, RedisProtocol protocol) {
    super(provider, protocol);
  }
}
