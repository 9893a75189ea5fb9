package dev.redlens.jedis.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.providers.ClusterConnectionProvider;

/**
 * Jedis's cluster connection provider, handing out {@link TracedConnection}s from one instrumented
 * pool per node ({@link NodePools}) instead of the plain pools of its slot cache, which Jedis
 * builds with no connection hook. The slot cache still routes (slot → node) and refreshes the
 * topology over its own plain connections, so Jedis's housekeeping ({@code CLUSTER SLOTS}) is never
 * traced. Every path that takes a connection is covered: commands by slot (and by the node a {@code
 * MOVED}/{@code ASK} names), keyless commands on a random master, pipelines (per node),
 * transactions, broadcasts and replica reads.
 *
 * <p>With a slot of its own ({@code JedisTelemetry.Builder#setClusterSlot}) every command goes to
 * that slot's master whatever its keys, and so do the connections of pipelines and transactions:
 * for a client whose connection hook puts every key in that one slot (a project's keyspace, whose
 * caller's keys are unprefixed when Jedis would route them). Redirections and failovers are
 * followed as for any cluster command: the executor retries on the node a {@code MOVED}/{@code ASK}
 * names, and the refreshed slot cache names the slot's new master.
 */
public final class TracedClusterConnectionProvider extends ClusterConnectionProvider {

  private final NodePools pools;
  private final ConnectionTelemetry unsent;
  private final int slot;

  /**
   * @param poolConfig each node's pool configuration; null for Jedis's defaults
   * @param unsent records keyless commands that get no connection at all (no master reachable)
   * @param slot the slot every command goes to, or -1 to route each by its keys
   */
  public TracedClusterConnectionProvider(
      Set<HostAndPort> nodes,
      JedisClientConfig config,
      GenericObjectPoolConfig<Connection> poolConfig,
      NodePools pools,
      ConnectionTelemetry unsent,
      int slot) {
    super(nonEmpty(nodes), config, poolConfig == null ? new ConnectionPoolConfig() : poolConfig);
    this.pools = pools;
    this.unsent = unsent;
    this.slot = checkedSlot(slot);
  }

  /** {@code slot} if it is a hash slot or -1 (none). */
  public static int checkedSlot(int slot) {
    if (slot < -1 || slot > 16383) {
      throw new IllegalArgumentException("Not a hash slot (0 to 16383, or -1): " + slot);
    }
    return slot;
  }

  private static Set<HostAndPort> nonEmpty(Set<HostAndPort> nodes) {
    if (nodes == null || nodes.isEmpty()) {
      throw new IllegalArgumentException("A cluster client needs at least one node");
    }
    return nodes;
  }

  @Override
  public Connection getConnection(HostAndPort node) {
    return node == null ? getConnection() : pools.of(node).getConnection();
  }

  @Override
  public Connection getConnection(CommandArguments args) {
    int slot = this.slot >= 0 ? this.slot : slotOf(args);
    if (slot < 0) {
      try {
        return anyMaster(); // a keyless command runs on any master
      } catch (RuntimeException e) {
        unsent.recordUnsent(args, e);
        throw e;
      }
    }
    HostAndPort node = nodeOf(slot);
    return node == null ? anyMaster() : pools.of(node).getConnection(args);
  }

  /** The hash slot of a cluster command's keys (-1 for none), as Jedis's own provider reads it. */
  private static int slotOf(CommandArguments args) {
    return HashSlots.CURRENT.of(args);
  }

  @Override
  public Connection getConnectionFromSlot(int slot) {
    HostAndPort node = nodeOf(slot);
    return node == null ? anyMaster() : pools.of(node).getConnection();
  }

  /** The master of {@code slot}, refreshing the slot cache once when it knows none. */
  private HostAndPort nodeOf(int slot) {
    HostAndPort node = getNode(slot);
    if (node == null) {
      renewSlotCache();
      node = getNode(slot);
    }
    return node;
  }

  /**
   * A connection for keyless commands, pipelines and transactions: to the client's slot's master,
   * or to any reachable master.
   */
  @Override
  public Connection getConnection() {
    return slot >= 0 ? getConnectionFromSlot(slot) : anyMaster();
  }

  /** A connection to a random reachable master (any node on Jedis 6). */
  private Connection anyMaster() {
    List<String> masters = new ArrayList<>(JedisConnections.CURRENT.keylessNodes(cache));
    Collections.shuffle(masters);
    JedisException first = null;
    for (String master : masters) {
      Connection connection = null;
      try {
        connection = pools.of(HostAndPort.from(master)).getConnection();
        connection.ping(); // housekeeping: not traced
        return connection;
      } catch (JedisException e) {
        first = first == null ? e : first;
        if (connection != null) {
          connection.close();
        }
      }
    }
    JedisClusterOperationException none =
        new JedisClusterOperationException("No reachable node in cluster.");
    if (first != null) {
      none.addSuppressed(first);
    }
    throw none;
  }

  /** A random replica of {@code slot}'s master (its master when it has none), traced. */
  @Override
  public Connection getReplicaConnectionFromSlot(int slot) {
    List<ConnectionPool> replicas = cache.getSlotReplicaPools(slot);
    if (replicas == null || replicas.isEmpty()) {
      renewSlotCache();
      replicas = cache.getSlotReplicaPools(slot);
    }
    if (replicas == null || replicas.isEmpty()) {
      return getConnectionFromSlot(slot);
    }
    return traced(replicas.get(ThreadLocalRandom.current().nextInt(replicas.size())));
  }

  @Override
  public Connection getReplicaConnection(CommandArguments args) {
    int slot = this.slot >= 0 ? this.slot : slotOf(args);
    return slot < 0 ? getConnection(args) : getReplicaConnectionFromSlot(slot);
  }

  /** The instrumented pool's connection to the node of one of the slot cache's plain pools. */
  private Connection traced(ConnectionPool plain) {
    for (Map.Entry<String, ConnectionPool> node : cache.getNodes().entrySet()) {
      if (node.getValue() == plain) {
        return pools.of(HostAndPort.from(node.getKey())).getConnection();
      }
    }
    throw new JedisClusterOperationException("The replica left the cluster's topology");
  }

  /** Refreshes the slot cache over its own plain connections: Jedis's housekeeping, not traced. */
  @Override
  public void renewSlotCache(Connection connection) {
    renewSlotCache();
  }

  @Override
  public Map<String, ConnectionPool> getNodes() {
    return pools.byKey(cache.getNodes().keySet());
  }

  @Override
  public Map<String, ConnectionPool> getPrimaryNodes() {
    return pools.byKey(cache.getPrimaryNodes().keySet());
  }

  @Override
  public Map<String, ConnectionPool> getConnectionMap() {
    return Collections.unmodifiableMap(getNodes());
  }

  @Override
  public Map<String, ConnectionPool> getPrimaryNodesConnectionMap() {
    return Collections.unmodifiableMap(getPrimaryNodes());
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
