package dev.redlens.spring.internal;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.core.pool.PoolRegistration;
import dev.redlens.core.pool.PoolTelemetry;
import dev.redlens.jedis.JedisTelemetry;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.springframework.beans.BeansException;
import org.springframework.beans.DirectFieldAccessor;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisNode;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisClientConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.util.ReflectionUtils;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;
import redis.clients.jedis.JedisSentinelPool;
import redis.clients.jedis.util.Pool;

/**
 * A {@link JedisConnectionFactory} with the configuration of another whose connections report every
 * command through Redlens. Spring's factory makes its {@code Jedis}, {@code JedisPool} and {@code
 * JedisSentinelPool} itself, through the protected template methods that Spring provides for
 * exactly this ({@code createRedisPool}, {@code createRedisSentinelPool}, {@code
 * fetchJedisConnector}); this subclass overrides them to build the same objects on instrumented
 * connections ({@link JedisTelemetry#connection}), and registers the pools for the {@code
 * db.client.connection.*} metrics. Everything else (connection handling, translation of exceptions,
 * pipelining, transactions, the lifecycle) is Spring's, unchanged.
 *
 * <p>Cluster factories get a {@code JedisCluster} on {@link
 * JedisTelemetry#clusterConnectionProvider}: commands on keys name the node that served them.
 * Spring's commands addressed to one node by name ({@code KEYS}, {@code INFO} of a node…) borrow
 * from the provider's own per-node pools, which are not instrumented.
 */
public final class InstrumentedJedisConnectionFactory extends JedisConnectionFactory {

  private static final Logger LOG =
      Logger.getLogger(InstrumentedJedisConnectionFactory.class.getName());

  private final RedisTelemetry telemetry;
  private final JedisTelemetry jedis;
  private volatile PoolRegistration registration;

  private InstrumentedJedisConnectionFactory(
      RedisStandaloneConfiguration standalone,
      JedisClientConfiguration client,
      RedisTelemetry telemetry) {
    super(standalone, client);
    this.telemetry = telemetry;
    this.jedis = JedisTelemetry.create(telemetry);
  }

  private InstrumentedJedisConnectionFactory(
      RedisSentinelConfiguration sentinel,
      JedisClientConfiguration client,
      RedisTelemetry telemetry) {
    super(sentinel, client);
    this.telemetry = telemetry;
    this.jedis = JedisTelemetry.create(telemetry);
  }

  private InstrumentedJedisConnectionFactory(
      RedisClusterConfiguration cluster,
      JedisClientConfiguration client,
      RedisTelemetry telemetry) {
    super(cluster, client);
    this.telemetry = telemetry;
    this.jedis = JedisTelemetry.create(telemetry);
  }

  /**
   * A factory with {@code original}'s configuration and settings; call it before {@code original}
   * is initialized (a bean post-processor's {@code postProcessBeforeInitialization}) and use the
   * copy in its place.
   */
  public static InstrumentedJedisConnectionFactory copyOf(
      JedisConnectionFactory original, RedisTelemetry telemetry) {
    InstrumentedJedisConnectionFactory copy = sameKind(original, telemetry);
    copy.setPhase(original.getPhase());
    copy.setAutoStartup(original.isAutoStartup());
    copy.setEarlyStartup(original.isEarlyStartup());
    copy.setConvertPipelineAndTxResults(original.getConvertPipelineAndTxResults());
    copyExecutor(original, copy);
    keepJedisPath(copy);
    return copy;
  }

  /**
   * Spring Data Redis 4.1 (Boot 4.1) builds Jedis's {@code RedisClient} itself by default on Jedis
   * 7.3 and later ({@code useUnifiedJedis}), bypassing the template methods this class overrides;
   * its {@code Jedis}/{@code JedisPool} path, the only one of 4.0 and earlier, is still supported
   * there. The copy keeps that path, so the application's commands are instrumented on every
   * version. Called through Spring's reflection helpers: 4.0 has no such setter (nothing to do).
   */
  private static void keepJedisPath(JedisConnectionFactory copy) {
    Method setter =
        ReflectionUtils.findMethod(
            JedisConnectionFactory.class, "setUseUnifiedJedis", boolean.class);
    if (setter != null) {
      ReflectionUtils.invokeMethod(setter, copy, false);
    }
  }

  /**
   * Boot sets an executor (virtual threads) that Spring offers no getter for; read through Spring's
   * own field accessor, and left at Spring's default when a version names the field differently.
   */
  private static void copyExecutor(JedisConnectionFactory original, JedisConnectionFactory copy) {
    try {
      Object executor = new DirectFieldAccessor(original).getPropertyValue("executor");
      if (executor instanceof AsyncTaskExecutor asyncExecutor) {
        copy.setExecutor(asyncExecutor);
      }
    } catch (BeansException e) {
      LOG.log(Level.FINE, "Redlens: the factory's executor could not be copied", e);
    }
  }

  /** The same kind of factory (cluster, sentinel or standalone) with the same configuration. */
  private static InstrumentedJedisConnectionFactory sameKind(
      JedisConnectionFactory original, RedisTelemetry telemetry) {
    JedisClientConfiguration client = original.getClientConfiguration();
    if (original.getClusterConfiguration() != null) {
      return new InstrumentedJedisConnectionFactory(
          original.getClusterConfiguration(), client, telemetry);
    }
    if (original.getSentinelConfiguration() != null) {
      return new InstrumentedJedisConnectionFactory(
          original.getSentinelConfiguration(), client, telemetry);
    }
    return new InstrumentedJedisConnectionFactory(
        original.getStandaloneConfiguration(), client, telemetry);
  }

  @Override
  protected Pool<Jedis> createRedisPool() {
    HostAndPort node = new HostAndPort(getHostName(), getPort());
    JedisPool pool =
        new JedisPool(
            poolConfig(),
            telemetry
                .pools()
                .instrument(
                    TracedJedisFactory.to(jedis, node, JedisClientConfigs.dataNodes(this))));
    register(pool, PoolTelemetry.defaultName(node.getHost(), node.getPort(), getDatabase()));
    return pool;
  }

  @Override
  protected Pool<Jedis> createRedisSentinelPool(RedisSentinelConfiguration config) {
    // the master changes on failover: the pool is named after the master's name, not its address
    JedisSentinelPool pool =
        new JedisSentinelPool(
            config.getMaster().getName(),
            sentinels(config),
            poolConfig(),
            TracedJedisFactory.forSentinelPool(jedis, JedisClientConfigs.dataNodes(this)),
            JedisClientConfigs.sentinels(this, config));
    register(pool, config.getMaster().getName() + "/" + getDatabase());
    return pool;
  }

  @Override
  protected JedisCluster createCluster(
      RedisClusterConfiguration clusterConfig, GenericObjectPoolConfig<Connection> poolConfig) {
    Set<HostAndPort> nodes = new LinkedHashSet<>();
    for (RedisNode node : clusterConfig.getClusterNodes()) {
      nodes.add(new HostAndPort(node.getRequiredHost(), node.getRequiredPort()));
    }
    // Spring's own defaults: 5 attempts, and JedisCluster's total retry time (read timeout each)
    int attempts = clusterConfig.getMaxRedirects() != null ? clusterConfig.getMaxRedirects() : 5;
    JedisClientConfig config = JedisClientConfigs.dataNodes(this);
    return new JedisCluster(
        jedis.clusterConnectionProvider(nodes, config, poolConfig),
        attempts,
        Duration.ofMillis((long) config.getSocketTimeoutMillis() * attempts));
  }

  @Override
  protected Jedis fetchJedisConnector() {
    PoolRegistration pool = registration;
    if (getUsePool() && pool != null && !pool.isClosed()) {
      // borrowing through the registration measures wait times and counts exhausted-pool timeouts
      return pool.borrow(super::fetchJedisConnector);
    }
    if (getUsePool()) {
      return super.fetchJedisConnector();
    }
    try {
      return new Jedis(
          jedis.connection(
              new HostAndPort(getHostName(), getPort()), JedisClientConfigs.dataNodes(this)));
    } catch (RuntimeException e) {
      throw new RedisConnectionFailureException("Cannot get Jedis connection", e);
    }
  }

  private void register(Pool<Jedis> pool, String name) {
    registration = telemetry.pools().register(pool, name);
  }

  private GenericObjectPoolConfig<Jedis> poolConfig() {
    GenericObjectPoolConfig<Jedis> config = getPoolConfig();
    return config != null ? config : new JedisPoolConfig();
  }

  private static Set<HostAndPort> sentinels(RedisSentinelConfiguration config) {
    Set<HostAndPort> sentinels = new LinkedHashSet<>();
    for (RedisNode node : config.getSentinels()) {
      sentinels.add(new HostAndPort(node.getRequiredHost(), node.getRequiredPort()));
    }
    return sentinels;
  }
}
