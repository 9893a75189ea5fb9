package dev.redlens.jedis.internal;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.util.Pool;

/**
 * The instrumented pools of a client that talks to several nodes (a cluster's masters and replicas,
 * the master a Sentinel names): one {@link TracedPooledConnectionProvider} per node, made on first
 * use by the client's factory, so each node has its own telemetry scope (the spans and points of
 * its commands name it) and its own registered pool ({@code host:port/db}). Closing ends every
 * registration. Thread-safe.
 */
public final class NodePools {

  private final Function<HostAndPort, TracedPooledConnectionProvider> factory;
  private final Map<HostAndPort, TracedPooledConnectionProvider> pools = new ConcurrentHashMap<>();
  private volatile boolean closed;

  public NodePools(Function<HostAndPort, TracedPooledConnectionProvider> factory) {
    this.factory = factory;
  }

  /** The pool of {@code node}, made on first use. */
  public TracedPooledConnectionProvider of(HostAndPort node) {
    TracedPooledConnectionProvider pool = pools.get(node);
    if (pool != null) {
      return pool;
    }
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("The Jedis client is closed");
      }
      return pools.computeIfAbsent(node, factory);
    }
  }

  /** Closes the pool of {@code node}, if any (a master that Sentinel replaced). */
  public void close(HostAndPort node) {
    TracedPooledConnectionProvider pool = pools.remove(node);
    if (pool != null) {
      pool.close();
    }
  }

  /**
   * The pools of the nodes named {@code host:port} in {@code keys}, as Jedis's node maps hold them
   * (for broadcast commands and {@code getClusterNodes()}).
   */
  public Map<String, ConnectionPool> byKey(Collection<String> keys) {
    Map<String, ConnectionPool> map = new LinkedHashMap<>();
    for (String key : keys) {
      Pool<Connection> pool = of(HostAndPort.from(key)).getPool();
      if (pool instanceof ConnectionPool connectionPool) {
        map.put(key, connectionPool);
      }
    }
    return map;
  }

  /** Ends every registration and closes every pool; idempotent. */
  public void closeAll() {
    List<TracedPooledConnectionProvider> all;
    synchronized (this) {
      closed = true;
      all = List.copyOf(pools.values());
      pools.clear();
    }
    for (TracedPooledConnectionProvider pool : all) {
      pool.close();
    }
  }
}
