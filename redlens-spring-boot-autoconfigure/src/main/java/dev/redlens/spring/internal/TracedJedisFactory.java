package dev.redlens.spring.internal;

import dev.redlens.jedis.JedisTelemetry;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import redis.clients.jedis.DefaultJedisSocketFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisFactory;

/**
 * Jedis's own pool factory (activation, validation and destruction unchanged) whose {@code Jedis}
 * objects carry instrumented connections. A {@link JedisFactory} rather than any {@code
 * PooledObjectFactory}, because {@code JedisSentinelPool} takes only that: on failover it points
 * the factory's socket factory at the new master, and every connection made from then on is made
 * to, and reported as, the new master.
 */
final class TracedJedisFactory extends JedisFactory {

  private final JedisTelemetry jedis;
  private final DefaultJedisSocketFactory target;
  private final JedisClientConfig config;

  private TracedJedisFactory(
      JedisTelemetry jedis, DefaultJedisSocketFactory target, JedisClientConfig config) {
    super(target, config);
    this.jedis = jedis;
    this.target = target;
    this.config = config;
  }

  /** A factory of connections to one node. */
  static TracedJedisFactory to(
      JedisTelemetry jedis, redis.clients.jedis.HostAndPort node, JedisClientConfig config) {
    return new TracedJedisFactory(jedis, new DefaultJedisSocketFactory(node, config), config);
  }

  /** A factory whose node a {@code JedisSentinelPool} sets (and resets on failover). */
  static TracedJedisFactory forSentinelPool(JedisTelemetry jedis, JedisClientConfig config) {
    return new TracedJedisFactory(jedis, new DefaultJedisSocketFactory(config), config);
  }

  @Override
  public PooledObject<Jedis> makeObject() {
    return new DefaultPooledObject<>(new Jedis(jedis.connection(target.getHostAndPort(), config)));
  }
}
