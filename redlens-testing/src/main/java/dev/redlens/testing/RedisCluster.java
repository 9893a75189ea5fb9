package dev.redlens.testing;

import dev.redlens.testing.internal.Await;
import dev.redlens.testing.internal.ClusterNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * A real Redis Cluster of {@code masters} × {@code replicasPerMaster} {@link RedisServer} nodes on
 * free loopback ports, for tests. It is built with {@code CLUSTER ADDSLOTS}, {@code MEET} and
 * {@code REPLICATE} sent directly (no {@code redis-cli}, which the embedded Redis 6.2 lacks), and
 * {@link Builder#start()} returns once every node reports {@code cluster_state:ok}, every node
 * agrees on the slot map and every replica's link is up. All processes stop on {@link #close()} and
 * at JVM exit (each node is a {@link RedisServer}).
 *
 * <pre>{@code
 * try (RedisCluster cluster = RedisCluster.start(3, 1)) {
 *   RedisServer owner = cluster.masterForKey("user:1");
 *   RedisServer promoted = cluster.killMaster(owner);       // waits for the failover
 *   cluster.migrateSlot(cluster.slot("user:1"), promoted);  // MOVED for stale clients
 * }
 * }</pre>
 */
public final class RedisCluster implements AutoCloseable {

  static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final int START_ATTEMPTS = 10;

  private final List<RedisServer> nodes;
  private final Map<RedisServer, String> ids = new ConcurrentHashMap<>();
  private final Supplier<RedisServer> nodeStarter;
  private final List<SlotMigration> openMigrations = new ArrayList<>();

  private RedisCluster(List<RedisServer> nodes, Supplier<RedisServer> nodeStarter) {
    this.nodes = new CopyOnWriteArrayList<>(nodes);
    this.nodeStarter = nodeStarter;
  }

  /** Starts {@code masters} masters with {@code replicasPerMaster} replicas each. */
  public static RedisCluster start(int masters, int replicasPerMaster) {
    return builder().masters(masters).replicasPerMaster(replicasPerMaster).start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Configures a cluster before it starts. */
  public static final class Builder {
    private int masters = 3;
    private int replicasPerMaster = 1;
    private Duration nodeTimeout = Duration.ofMillis(1500);
    private RedisBinary binary;
    private final Map<String, String[]> config = new LinkedHashMap<>();

    private Builder() {}

    /** Number of masters (default 3); the 16384 slots are split evenly between them. */
    public Builder masters(int masters) {
      if (masters < 1) {
        throw new IllegalArgumentException("a cluster needs at least one master");
      }
      this.masters = masters;
      return this;
    }

    /** Replicas of each master (default 1). */
    public Builder replicasPerMaster(int replicas) {
      if (replicas < 0) {
        throw new IllegalArgumentException("replicas must be >= 0");
      }
      this.replicasPerMaster = replicas;
      return this;
    }

    /** {@code cluster-node-timeout} (1.5 s): a node silent (or paused) longer is failing. */
    public Builder nodeTimeout(Duration timeout) {
      this.nodeTimeout = timeout;
      return this;
    }

    /** The executable of every node; default {@link RedisBinary#find()}. */
    public Builder binary(RedisBinary binary) {
      this.binary = binary;
      return this;
    }

    /** A configuration directive of every node, as in {@link RedisServer.Builder#config}. */
    public Builder config(String name, String... values) {
      config.put(name, values);
      return this;
    }

    /** Starts the nodes, builds the cluster and waits until it is healthy. */
    public RedisCluster start() {
      List<RedisServer> started = new ArrayList<>();
      try {
        for (int i = 0; i < masters * (1 + replicasPerMaster); i++) {
          started.add(startNode());
        }
        RedisCluster cluster = new RedisCluster(started, this::startNode);
        cluster.form(masters);
        return cluster;
      } catch (RuntimeException e) {
        started.forEach(RedisServer::close);
        throw e;
      }
    }

    /**
     * A cluster node also listens on its bus port, port + 10000, which must be free and at most
     * 65535; {@link RedisServer} picks the port, so a node whose bus port is taken or too high
     * exits at start-up and is simply started again on another port.
     */
    private RedisServer startNode() {
      RuntimeException last = null;
      for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
        RedisServer.Builder node =
            RedisServer.builder()
                .config("cluster-enabled", "yes")
                .config("cluster-node-timeout", Long.toString(nodeTimeout.toMillis()))
                // a replica takes over however long its link was down: tests kill masters
                .config("cluster-replica-validity-factor", "0")
                .config("repl-diskless-sync-delay", "0");
        if (binary != null) {
          node.binary(binary);
        }
        config.forEach(node::config);
        try {
          return node.start();
        } catch (IllegalStateException e) {
          last = e;
        }
      }
      throw last;
    }
  }

  // ---- what tests use ------------------------------------------------------------------------

  /** Every node of this cluster, running or killed, masters first, then added ones. */
  public List<RedisServer> nodes() {
    return List.copyOf(nodes);
  }

  /** The nodes whose process runs now. */
  public List<RedisServer> runningNodes() {
    return nodes.stream().filter(RedisServer::isRunning).toList();
  }

  /** The running masters that serve slots, per the agreed slot map. */
  public List<RedisServer> masters() {
    return topology().stream()
        .filter(n -> n.isMaster() && !n.isFailing() && !n.slots().isEmpty())
        .map(this::server)
        .filter(RedisServer::isRunning)
        .toList();
  }

  /** The running replicas. */
  public List<RedisServer> replicas() {
    return topology().stream()
        .filter(n -> n.isReplica() && !n.isFailing())
        .map(this::server)
        .filter(RedisServer::isRunning)
        .toList();
  }

  /** The running replicas of {@code master}. */
  public List<RedisServer> replicasOf(RedisServer master) {
    String masterId = nodeId(master);
    return topology().stream()
        .filter(n -> n.isReplica() && !n.isFailing() && masterId.equals(n.masterId()))
        .map(this::server)
        .filter(RedisServer::isRunning)
        .toList();
  }

  /** The node's cluster id ({@code CLUSTER MYID}). */
  public String nodeId(RedisServer node) {
    return ids.get(node);
  }

  /** The node with this port. */
  public RedisServer node(int port) {
    return nodes.stream()
        .filter(n -> n.port() == port)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no node on port " + port));
  }

  /** The hash slot of {@code key}, as the server computes it ({@code CLUSTER KEYSLOT}). */
  public int slot(String key) {
    return ((Long) seed().call("CLUSTER", "KEYSLOT", key)).intValue();
  }

  /** The master serving {@code slot} now. */
  public RedisServer masterOf(int slot) {
    return topology().stream()
        .filter(n -> n.isMaster() && n.slots().get(slot))
        .map(this::server)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no master serves slot " + slot));
  }

  /** The master serving the slot of {@code key} now. */
  public RedisServer masterForKey(String key) {
    return masterOf(slot(key));
  }

  /** A running node, to use as a client's seed. */
  public RedisServer seed() {
    return runningNodes().stream()
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no node of the cluster runs"));
  }

  /** {@code redis://127.0.0.1:port} of every running node. */
  public List<String> uris() {
    return runningNodes().stream().map(RedisServer::uri).toList();
  }

  /** The {@code CLUSTER NODES} text of a running node. */
  public String clusterNodes() {
    return seed().execute("CLUSTER", "NODES");
  }

  /**
   * Kills {@code master} (SIGKILL) and waits until one of its replicas has taken over its slots and
   * the cluster is healthy again; returns the promoted replica.
   */
  public RedisServer killMaster(RedisServer master) {
    List<RedisServer> candidates = replicasOf(master);
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException(master + " has no replica to take over");
    }
    BitSet slots = ClusterView.self(master).slots();
    master.kill();
    Await.until(
        TIMEOUT,
        "failed over from " + master,
        () -> candidates.stream().anyMatch(r -> ClusterView.self(r).isMaster()),
        this::describe);
    awaitHealthy();
    RedisServer promoted = masterOf(slots.nextSetBit(0));
    if (!candidates.contains(promoted)) {
      throw new IllegalStateException("slots of " + master + " went to " + promoted);
    }
    return promoted;
  }

  /**
   * Starts killed nodes again (they rejoin, as replicas when their slots were taken over) and waits
   * until the cluster is healthy.
   */
  public void restartKilledNodes() {
    nodes.stream().filter(n -> !n.isRunning()).forEach(RedisServer::restart);
    awaitHealthy();
  }

  /**
   * Starts a new node, introduces it ({@code CLUSTER MEET}) and waits until every node knows it: a
   * master without slots (give it some with {@link #migrateSlot}). Returns it.
   */
  public RedisServer addNode() {
    RedisServer node = nodeStarter.get();
    ids.put(node, node.execute("CLUSTER", "MYID"));
    nodes.add(node);
    seed().call("CLUSTER", "MEET", node.host(), Integer.toString(node.port()));
    awaitHealthy();
    return node;
  }

  /**
   * Removes a node that serves no slot: stops it, makes every other node forget it ({@code CLUSTER
   * FORGET}) and waits until they agree.
   */
  public void removeNode(RedisServer node) {
    if (node.isRunning() && !ClusterView.self(node).slots().isEmpty()) {
      throw new IllegalArgumentException(node + " serves slots: migrate them first");
    }
    String id = nodeId(node);
    node.close();
    nodes.remove(node);
    for (RedisServer other : runningNodes()) {
      other.call("CLUSTER", "FORGET", id);
    }
    ids.remove(node);
    awaitHealthy();
  }

  /**
   * Puts {@code slot} in migration from its master to {@code target}: {@code IMPORTING} on the
   * target, {@code MIGRATING} on the source. Keys the source no longer holds are answered with
   * {@code ASK}; {@link SlotMigration#complete()} finishes it, after which stale clients get {@code
   * MOVED}.
   */
  public SlotMigration startSlotMigration(int slot, RedisServer target) {
    RedisServer source = masterOf(slot);
    if (source.equals(target)) {
      throw new IllegalArgumentException(target + " already serves slot " + slot);
    }
    target.call("CLUSTER", "SETSLOT", Integer.toString(slot), "IMPORTING", nodeId(source));
    source.call("CLUSTER", "SETSLOT", Integer.toString(slot), "MIGRATING", nodeId(target));
    SlotMigration migration = new SlotMigration(this, slot, source, target);
    synchronized (openMigrations) {
      openMigrations.add(migration);
    }
    return migration;
  }

  /** Moves {@code slot} and its keys to {@code target} and waits until every node agrees. */
  public void migrateSlot(int slot, RedisServer target) {
    startSlotMigration(slot, target).complete();
  }

  /** {@code FLUSHALL} on every master. */
  public void flushAll() {
    masters().forEach(m -> m.call("FLUSHALL"));
  }

  /**
   * Brings the cluster back to a healthy state for the next test: restarts killed nodes, abandons
   * unfinished slot migrations, waits for agreement and empties every master. Slots that moved stay
   * where they are.
   */
  public void reset() {
    List<SlotMigration> open;
    synchronized (openMigrations) {
      open = List.copyOf(openMigrations);
    }
    open.forEach(SlotMigration::abandon);
    restartKilledNodes();
    flushAll();
  }

  /**
   * Waits until every running node reports {@code cluster_state:ok}, they agree on every node's
   * role, master and slots, that agreed map names exactly the running nodes and covers every slot,
   * and every replica's link is up.
   */
  public void awaitHealthy() {
    Await.until(TIMEOUT, "healthy", this::isHealthy, this::describe);
  }

  /** Stops every node. Idempotent. */
  @Override
  public void close() {
    nodes.forEach(RedisServer::close);
  }

  @Override
  public String toString() {
    return "Redis Cluster of " + nodes;
  }

  // ---- inside -------------------------------------------------------------------------------

  void migrationEnded(SlotMigration migration) {
    synchronized (openMigrations) {
      openMigrations.remove(migration);
    }
  }

  private void form(int masters) {
    for (RedisServer node : nodes) {
      ids.put(node, node.execute("CLUSTER", "MYID"));
    }
    ClusterFormation.form(nodes, ids, masters, this::describe);
    awaitHealthy();
  }

  private List<ClusterNode> topology() {
    return ClusterNode.parseAll(clusterNodes());
  }

  private RedisServer server(ClusterNode node) {
    return nodes.stream()
        .filter(n -> node.id().equals(ids.get(n)))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("unknown node " + node));
  }

  private boolean isHealthy() {
    return ClusterView.isHealthy(runningNodes(), ids);
  }

  private String describe() {
    return ClusterView.describe(nodes);
  }
}
