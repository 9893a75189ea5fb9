package dev.redlens.jedis.internal;

import java.util.Set;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.PooledConnectionProvider;
import redis.clients.jedis.providers.SentineledConnectionProvider;

/**
 * The client objects built on Redlens's connection providers, one implementation per Jedis range,
 * chosen once when this class loads by whether {@code RedisClient} exists: from Jedis 7.1 on,
 * Jedis's own {@code RedisClient} and {@code RedisSentinelClient} (what Jedis recommends, and what
 * {@code dev.redlens.jedis.RedisClients} returns typed); on Jedis 6 and 7.0, a {@link
 * ProviderClient}. Both are {@link UnifiedJedis}; the other range's classes are never loaded.
 */
public abstract class JedisClients {

  /** The implementation for the Jedis on the class path. */
  public static final JedisClients CURRENT = choose();

  JedisClients() {}

  /** Whether Jedis's {@code RedisClient} types (Jedis 7.1 and later) are on the class path. */
  public abstract boolean redisClients();

  /** A pooled client on {@code provider}. */
  public abstract UnifiedJedis pooled(
      HostAndPort node, JedisClientConfig config, PooledConnectionProvider provider);

  /** A client of the master that {@code provider} follows. */
  public abstract UnifiedJedis sentinel(
      String masterName,
      Set<HostAndPort> sentinels,
      JedisClientConfig masterConfig,
      JedisClientConfig sentinelConfig,
      SentineledConnectionProvider provider);

  private static JedisClients choose() {
    return JedisRange.has("redis.clients.jedis.RedisClient") ? new Jedis71() : new Jedis6();
  }

  /** Jedis 7.1 and later: {@code RedisClient.builder()}, {@code RedisSentinelClient.builder()}. */
  private static final class Jedis71 extends JedisClients {
    @Override
    public boolean redisClients() {
      return true;
    }

    @Override
    public UnifiedJedis pooled(
        HostAndPort node, JedisClientConfig config, PooledConnectionProvider provider) {
      return RedisClient.builder()
          .hostAndPort(node)
          .clientConfig(config)
          .connectionProvider(provider)
          .build();
    }

    @Override
    public UnifiedJedis sentinel(
        String masterName,
        Set<HostAndPort> sentinels,
        JedisClientConfig masterConfig,
        JedisClientConfig sentinelConfig,
        SentineledConnectionProvider provider) {
      return RedisSentinelClient.builder()
          .masterName(masterName)
          .sentinels(sentinels)
          .clientConfig(masterConfig)
          .sentinelClientConfig(sentinelConfig)
          .connectionProvider(provider)
          .build();
    }
  }

  /** Jedis 6 and 7.0: a {@link ProviderClient} (what {@code JedisPooled} and the like do). */
  private static final class Jedis6 extends JedisClients {
    @Override
    public boolean redisClients() {
      return false;
    }

    @Override
    public UnifiedJedis pooled(
        HostAndPort node, JedisClientConfig config, PooledConnectionProvider provider) {
      return new ProviderClient(provider, config.getRedisProtocol());
    }

    @Override
    public UnifiedJedis sentinel(
        String masterName,
        Set<HostAndPort> sentinels,
        JedisClientConfig masterConfig,
        JedisClientConfig sentinelConfig,
        SentineledConnectionProvider provider) {
      return new ProviderClient(provider, masterConfig.getRedisProtocol());
    }
  }
}
