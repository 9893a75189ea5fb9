package dev.redlens.service.internal.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The nodes of the service's Redis and one administrative connection to each (no project, no
 * auto-reconnect: a broken one is replaced on next use), from one plain client on the instrumented
 * resources, so every administrative command is recorded on the node that served it. Which nodes:
 * the server (standalone); every master and replica of the cluster as the project client's topology
 * knows them now (refreshed periodically and on redirections); the master and replicas that the
 * sentinels name now (asked at each call, so a failover shows at once).
 */
final class AdminNodes implements AutoCloseable {

  /** One node: where, and its role as the topology names it. */
  record Node(RedisURI uri, String role) {
    String address() {
      return uri.getSocket() != null ? uri.getSocket() : uri.getHost();
    }

    int port() {
      return uri.getSocket() != null ? -1 : uri.getPort();
    }

    String key() {
      return uri.getSocket() != null ? uri.getSocket() : RedisTopology.hostPort(uri);
    }

    boolean isMaster() {
      return !"replica".equals(role);
    }
  }

  static final String MASTER = "master";
  static final String REPLICA = "replica";
  static final String STANDALONE = "standalone";

  private final RedisTopology topology;
  private final RedisClient client;
  private final RedisClusterClient cluster; // the project client, for its topology; else null
  private final Map<String, StatefulRedisConnection<String, String>> connections = new HashMap<>();
  private StatefulRedisSentinelConnection<String, String> sentinel; // guarded by this

  AdminNodes(RedisTopology topology, RedisClient client, RedisClusterClient cluster) {
    this.topology = topology;
    this.client = client;
    this.cluster = cluster;
  }

  /** Every node now; the primary first (the server, the master, the cluster's first master). */
  List<Node> nodes() {
    try {
      return switch (topology.kind()) {
        case STANDALONE -> List.of(new Node(topology.uri(), STANDALONE));
        case CLUSTER -> clusterNodes();
        case SENTINEL -> sentinelNodes();
      };
    } catch (RedisException e) {
      throw new RedisUnavailableException(RedisFailures.describe(topology.display(), e), e);
    }
  }

  /** The node that serves {@code slot} (a cluster), or the primary node. */
  Node nodeForSlot(int slot) {
    if (cluster != null) {
      RedisClusterNode owner = cluster.getPartitions().getMasterBySlot(slot);
      if (owner != null) {
        return new Node(node(owner.getUri().getHost(), owner.getUri().getPort()), MASTER);
      }
    }
    return nodes().get(0);
  }

  private List<Node> clusterNodes() {
    List<Node> nodes = new ArrayList<>();
    for (RedisClusterNode n : cluster.getPartitions()) {
      if (n.getUri() == null
          || n.is(RedisClusterNode.NodeFlag.NOADDR)
          || n.is(RedisClusterNode.NodeFlag.HANDSHAKE)) {
        continue;
      }
      boolean master = n.is(RedisClusterNode.NodeFlag.UPSTREAM);
      nodes.add(
          new Node(node(n.getUri().getHost(), n.getUri().getPort()), master ? MASTER : REPLICA));
    }
    nodes.sort(
        Comparator.comparing((Node n) -> !n.isMaster())
            .thenComparing(Node::address)
            .thenComparingInt(Node::port));
    return nodes;
  }

  private synchronized StatefulRedisSentinelConnection<String, String> sentinel() {
    if (sentinel == null || !sentinel.isOpen()) {
      sentinel = client.connectSentinel(topology.uri());
    }
    return sentinel;
  }

  /** {@code host:port} of the master the sentinels name now (a Sentinel topology). */
  synchronized String sentinelMaster() {
    SocketAddress address = sentinelMasterAddress();
    return address instanceof InetSocketAddress inet
        ? inet.getHostString() + ":" + inet.getPort()
        : String.valueOf(address);
  }

  private synchronized SocketAddress sentinelMasterAddress() {
    return sentinel().sync().getMasterAddrByName(topology.uri().getSentinelMasterId());
  }

  private synchronized List<Node> sentinelNodes() {
    String master = topology.uri().getSentinelMasterId();
    SocketAddress address = sentinelMasterAddress();
    List<Node> nodes = new ArrayList<>();
    if (address instanceof InetSocketAddress inet) {
      nodes.add(new Node(node(inet.getHostString(), inet.getPort()), MASTER));
    }
    for (Map<String, String> replica : sentinel().sync().replicas(master)) {
      String flags = replica.getOrDefault("flags", "");
      if (replica.get("ip") != null && !flags.contains("s_down") && !flags.contains("o_down")) {
        nodes.add(
            new Node(node(replica.get("ip"), Integer.parseInt(replica.get("port"))), REPLICA));
      }
    }
    if (nodes.isEmpty()) {
      throw new RedisUnavailableException(
          "the sentinels at " + topology.display() + " name no master " + master, null);
    }
    return nodes;
  }

  /** A data node's URI with the credentials, TLS, timeout and database of the configured URI. */
  private RedisURI node(String host, int port) {
    RedisURI template = topology.uri();
    RedisURI uri = RedisURI.create(host, port);
    uri.setCredentialsProvider(template.getCredentialsProvider());
    uri.setSsl(template.isSsl());
    uri.setVerifyPeer(template.getVerifyMode());
    uri.setStartTls(template.isStartTls());
    uri.setDatabase(template.getDatabase());
    uri.setTimeout(template.getTimeout());
    return uri;
  }

  /** The administrative connection to {@code node} (made now if there is none, or it broke). */
  synchronized StatefulRedisConnection<String, String> connection(Node node) {
    StatefulRedisConnection<String, String> connection = connections.get(node.key());
    if (connection != null && connection.isOpen()) {
      return connection;
    }
    if (connection != null) {
      connection.closeAsync();
      connections.remove(node.key());
    }
    try {
      connection = client.connect(node.uri());
    } catch (RuntimeException e) {
      throw new RedisUnavailableException(RedisFailures.describe(display(node), e), e);
    }
    connections.put(node.key(), connection);
    return connection;
  }

  /**
   * The administrative connection to the primary node: the server; the master the sentinels name
   * now (asked at each call, so a failover moves it); the cluster's first master.
   */
  StatefulRedisConnection<String, String> primary() {
    return connection(nodes().get(0));
  }

  static String display(Node node) {
    return RedisTopology.display(node.uri());
  }

  @Override
  public synchronized void close() {
    connections.values().forEach(StatefulRedisConnection::close);
    connections.clear();
    if (sentinel != null) {
      sentinel.close();
      sentinel = null;
    }
  }
}
