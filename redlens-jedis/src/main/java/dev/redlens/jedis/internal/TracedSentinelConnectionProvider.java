package dev.redlens.jedis.internal;

import java.util.Map;
import java.util.Set;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.providers.SentineledConnectionProvider;
import redis.clients.jedis.util.Pool;

/**
 * Jedis's Sentinel connection provider, handing out {@link TracedConnection}s of the current master
 * from an instrumented pool per master ({@link NodePools}): Jedis keeps following the sentinels
 * ({@code +switch-master}) and knows the current master; its own master pool, built with no
 * connection hook, is left unused. After a failover the next command borrows from the new master's
 * pool (its spans and points name the new master) and the old master's pool is closed (its
 * registration ends).
 */
public final class TracedSentinelConnectionProvider extends SentineledConnectionProvider {

  private final NodePools pools;
  private HostAndPort master;

  public TracedSentinelConnectionProvider(
      String masterName,
      JedisClientConfig masterConfig,
      GenericObjectPoolConfig<Connection> poolConfig,
      Set<HostAndPort> sentinels,
      JedisClientConfig sentinelConfig,
      NodePools pools) {
    super(masterName, masterConfig, poolConfig, sentinels, sentinelConfig);
    this.pools = pools;
  }

  @Override
  public Connection getConnection() {
    return currentPool().getConnection();
  }

  @Override
  public Connection getConnection(CommandArguments args) {
    return currentPool().getConnection(args);
  }

  /** The pool of the master Jedis knows now; the previous master's pool closed on a change. */
  private TracedPooledConnectionProvider currentPool() {
    HostAndPort current = getCurrentMaster();
    HostAndPort previous;
    synchronized (this) {
      previous = master;
      master = current;
    }
    if (previous != null && !previous.equals(current)) {
      pools.close(previous);
    }
    return pools.of(current);
  }

  @Override
  public Map<?, Pool<Connection>> getConnectionMap() {
    return Map.of(getCurrentMaster(), currentPool().getPool());
  }

  @Override
  public Map<?, Pool<Connection>> getPrimaryNodesConnectionMap() {
    return getConnectionMap();
  }

  @Override
  public void close() {
    try {
      pools.closeAll();
    } finally {
      super.close();
    }
  }
}
