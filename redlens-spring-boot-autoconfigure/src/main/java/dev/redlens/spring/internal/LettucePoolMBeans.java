package dev.redlens.spring.internal;

import dev.redlens.core.instrumentation.OnceLogger;
import dev.redlens.core.pool.PoolStateSource;
import dev.redlens.core.pool.PoolTelemetry;
import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.springframework.data.redis.connection.RedisNode;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettucePoolingClientConfiguration;

/**
 * The commons-pool2 pools of a {@link LettuceConnectionFactory} with a {@link
 * LettucePoolingClientConfiguration}, read through the JMX registration that commons-pool2 gives
 * every pool. Spring keeps these pools private (a package-private {@code
 * LettucePoolingConnectionProvider} creates one per connection type, on first use, through
 * Lettuce's {@code ConnectionPoolSupport}), and no Spring or Lettuce hook hands them out; but they
 * are built from the configuration's {@link GenericObjectPoolConfig}, whose JMX name prefix is
 * theirs. {@link #prepare} gives that prefix a name of Redlens's before the factory starts, and the
 * state of every pool registered under it is summed at each collection ({@link #SOURCE}): used,
 * idle, limits and waiters. Wait, create and use times are not available this way.
 */
public final class LettucePoolMBeans {

  private static final OnceLogger LOG = new OnceLogger(LettucePoolMBeans.class);
  private static final AtomicInteger IDS = new AtomicInteger();

  /** commons-pool2's name base of {@code GenericObjectPool}s when the configuration sets none. */
  static final String DEFAULT_NAME_BASE = "org.apache.commons.pool2:type=GenericObjectPool,name=";

  /** Reads the summed state; stateless, as {@link PoolStateSource} asks. */
  public static final PoolStateSource<LettucePoolMBeans> SOURCE = new Source();

  private final MBeanServer server;
  private final ObjectName pattern;
  private final GenericObjectPoolConfig<?> config;

  private LettucePoolMBeans(
      MBeanServer server, ObjectName pattern, GenericObjectPoolConfig<?> config) {
    this.server = server;
    this.pattern = pattern;
    this.config = config;
  }

  /**
   * Names the pools that {@code factory} will create, before it starts; null when it does not pool
   * (or the application turned JMX off for its pools, which Redlens leaves off).
   */
  public static LettucePoolMBeans prepare(LettuceConnectionFactory factory) {
    if (!(factory.getClientConfiguration() instanceof LettucePoolingClientConfiguration pooling)) {
      return null;
    }
    GenericObjectPoolConfig<?> config = pooling.getPoolConfig();
    if (!config.getJmxEnabled()) {
      LOG.warnOnce(
          "jmx-off",
          "Redlens: the Lettuce pool configuration has JMX off; Spring's Lettuce pools report no"
              + " db.client.connection.* metrics",
          null);
      return null;
    }
    String prefix = "redlens-lettuce-" + IDS.incrementAndGet() + "-";
    String base = config.getJmxNameBase() != null ? config.getJmxNameBase() : DEFAULT_NAME_BASE;
    try {
      ObjectName pattern = new ObjectName(base + prefix + "*");
      config.setJmxNamePrefix(prefix);
      return new LettucePoolMBeans(ManagementFactory.getPlatformMBeanServer(), pattern, config);
    } catch (JMException | RuntimeException e) {
      LOG.warnOnce("jmx-name", "Redlens: cannot name Spring's Lettuce pools for JMX", e);
      return null;
    }
  }

  /**
   * The pool name: {@code host:port/db} standalone, {@code master/db} behind Sentinel, the first
   * configured node's {@code host:port/0} on a cluster (as for Spring's Jedis pools).
   */
  public static String poolName(LettuceConnectionFactory factory) {
    if (factory.getClusterConfiguration() != null) {
      RedisNode node = factory.getClusterConfiguration().getClusterNodes().iterator().next();
      return PoolTelemetry.defaultName(
          node.getHost(), node.getPort() == null ? 0 : node.getPort(), 0);
    }
    if (factory.getSentinelConfiguration() != null
        && factory.getSentinelConfiguration().getMaster() != null) {
      return factory.getSentinelConfiguration().getMaster().getName() + "/" + factory.getDatabase();
    }
    return PoolTelemetry.defaultName(
        factory.getHostName(), factory.getPort(), factory.getDatabase());
  }

  private Set<ObjectName> pools() {
    return server.queryNames(pattern, null);
  }

  private int sum(String attribute) throws JMException {
    int total = 0;
    for (ObjectName pool : pools()) {
      total += (Integer) server.getAttribute(pool, attribute);
    }
    return total;
  }

  /** A limit summed over the pools, or the configuration's before the first pool exists. */
  private int limit(String attribute, int configured) throws JMException {
    if (configured < 0) {
      return -1; // unbounded
    }
    return pools().isEmpty() ? configured : sum(attribute);
  }

  private static final class Source implements PoolStateSource<LettucePoolMBeans> {

    @Override
    public int used(LettucePoolMBeans pools) {
      return read(() -> pools.sum("NumActive"));
    }

    @Override
    public int idle(LettucePoolMBeans pools) {
      return read(() -> pools.sum("NumIdle"));
    }

    @Override
    public int max(LettucePoolMBeans pools) {
      return read(() -> pools.limit("MaxTotal", pools.config.getMaxTotal()));
    }

    @Override
    public int idleMax(LettucePoolMBeans pools) {
      return read(() -> pools.limit("MaxIdle", pools.config.getMaxIdle()));
    }

    @Override
    public int idleMin(LettucePoolMBeans pools) {
      return read(() -> pools.limit("MinIdle", pools.config.getMinIdle()));
    }

    @Override
    public int pending(LettucePoolMBeans pools) {
      return read(() -> pools.sum("NumWaiters"));
    }

    private interface Read {
      int value() throws JMException;
    }

    /** A pool closed between the query and the read makes this collection's points absent. */
    private static int read(Read read) {
      try {
        return read.value();
      } catch (JMException e) {
        throw new IllegalStateException("Lettuce pool unregistered during the read", e);
      }
    }
  }
}
