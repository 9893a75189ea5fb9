package dev.redlens.project.internal.jedis;

import dev.redlens.jedis.JedisTelemetry;
import java.time.Duration;
import redis.clients.jedis.CommandObjects;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.executors.CommandExecutor;
import redis.clients.jedis.providers.ClusterConnectionProvider;

/**
 * The client object of a project's cluster client ({@link JedisEntry#cluster}): one node's command
 * API ({@link UnifiedJedis}) on the slot-routing provider, with Jedis's cluster executor ({@link
 * SlotCommandExecutor}) on Jedis 6 and 7 and the project's own ({@link SlotRedirectExecutor}) on
 * Jedis 8, whose cluster executor broadcasts or round-robins what the provider would route. One
 * path per Jedis range, chosen by {@link JedisTelemetry#hasRedisClients()}: from Jedis 7.1 on,
 * Jedis's {@code RedisClient} builder (Jedis 8 has no other public way to set an executor); on
 * Jedis 6 and 7.0, which have no {@code RedisClient}, {@code UnifiedJedis}'s executor constructor.
 * The 7.1 path is a class of its own, so that nothing here names {@code RedisClient} where Jedis 6
 * loads it.
 */
final class SlotClients {

  /**
   * Jedis 8 and later: the cluster executor resolves a command's connection by its request policy
   * and keys ({@code executors.ConnectionResolver}), bypassing the provider's slot routing.
   */
  private static final boolean POLICY_ROUTING =
      has("redis.clients.jedis.executors.ConnectionResolver");

  private SlotClients() {}

  static UnifiedJedis client(ClusterConnectionProvider provider, JedisClientConfig config) {
    int attempts = JedisCluster.DEFAULT_MAX_ATTEMPTS;
    Duration deadline = Duration.ofMillis((long) config.getSocketTimeoutMillis() * attempts);
    CommandExecutor executor =
        POLICY_ROUTING
            ? new SlotRedirectExecutor(provider, attempts, deadline)
            : new SlotCommandExecutor(provider, attempts, deadline);
    return JedisTelemetry.hasRedisClients()
        ? Jedis71.client(provider, executor, config)
        : jedis6(provider, executor);
  }

  private static boolean has(String className) {
    try {
      Class.forName(className, false, SlotClients.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /**
   * Jedis 6 and 7.0 (up to 7.x; gone in 8): the constructor borrows one connection to learn the
   * protocol (RESP2/3) that replies are parsed with.
   */
  private static UnifiedJedis jedis6(ClusterConnectionProvider provider, CommandExecutor executor) {
    return new UnifiedJedis(executor, provider, new CommandObjects());
  }

  /** Jedis 7.1 and later. */
  private static final class Jedis71 {
    static UnifiedJedis client(
        ClusterConnectionProvider provider, CommandExecutor executor, JedisClientConfig config) {
      return RedisClient.builder()
          .clientConfig(config)
          .connectionProvider(provider)
          .commandExecutor(executor)
          .build();
    }
  }
}
