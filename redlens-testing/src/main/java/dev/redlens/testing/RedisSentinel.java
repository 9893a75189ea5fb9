package dev.redlens.testing;

import dev.redlens.testing.internal.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A real Sentinel setup for tests: a master, its replicas ({@link RedisServer}s) and one to three
 * (or more) {@link SentinelNode}s monitoring it under {@link #masterName()}. {@link
 * Builder#start()} returns once every sentinel knows the master, every replica and every other
 * sentinel. {@link #failover()} runs {@code SENTINEL FAILOVER} and waits until every sentinel names
 * the new master. Everything stops on {@link #close()} and at JVM exit.
 *
 * <pre>{@code
 * try (RedisSentinel sentinel = RedisSentinel.builder().replicas(1).sentinels(3).start()) {
 *   RedisClient client = RedisClient.create(sentinel.uri()); // redis-sentinel://…#mymaster
 *   RedisServer promoted = sentinel.failover();
 * }
 * }</pre>
 */
public final class RedisSentinel implements AutoCloseable {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final String masterName;
  private final List<RedisServer> dataNodes;
  private final List<SentinelNode> sentinels;

  private RedisSentinel(
      String masterName, List<RedisServer> dataNodes, List<SentinelNode> sentinels) {
    this.masterName = masterName;
    this.dataNodes = List.copyOf(dataNodes);
    this.sentinels = List.copyOf(sentinels);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Configures the setup before it starts. */
  public static final class Builder {
    private String masterName = "mymaster";
    private int replicas = 1;
    private int sentinels = 3;
    private Duration downAfter = Duration.ofMillis(1000);
    private RedisBinary binary;

    private Builder() {}

    /** The name the sentinels monitor the master under (default {@code mymaster}). */
    public Builder masterName(String masterName) {
      this.masterName = masterName;
      return this;
    }

    /** Replicas of the master (default 1). */
    public Builder replicas(int replicas) {
      this.replicas = replicas;
      return this;
    }

    /** Sentinels (default 3; quorum is a majority of them). */
    public Builder sentinels(int sentinels) {
      if (sentinels < 1) {
        throw new IllegalArgumentException("at least one sentinel");
      }
      this.sentinels = sentinels;
      return this;
    }

    /** {@code down-after-milliseconds} (default 1 s). */
    public Builder downAfter(Duration downAfter) {
      this.downAfter = downAfter;
      return this;
    }

    /** The executable of every process; default {@link RedisBinary#find()}. */
    public Builder binary(RedisBinary binary) {
      this.binary = binary;
      return this;
    }

    /** Starts master, replicas and sentinels, and waits until the sentinels know them all. */
    public RedisSentinel start() {
      RedisBinary executable = binary != null ? binary : RedisBinary.find();
      List<RedisServer> data = new ArrayList<>();
      List<SentinelNode> watching = new ArrayList<>();
      try {
        RedisServer master = dataNode(executable, null);
        data.add(master);
        for (int i = 0; i < replicas; i++) {
          data.add(dataNode(executable, master));
        }
        for (RedisServer replica : data.subList(1, data.size())) {
          replica.awaitReplicationLink(TIMEOUT);
        }
        List<String> tuning =
            List.of(
                "down-after-milliseconds " + downAfter.toMillis(),
                "failover-timeout 10000",
                "parallel-syncs " + Math.max(1, replicas));
        for (int i = 0; i < sentinels; i++) {
          watching.add(
              SentinelNode.start(executable, masterName, master, sentinels / 2 + 1, tuning));
        }
        RedisSentinel setup = new RedisSentinel(masterName, data, watching);
        setup.awaitSentinelsAgree(master);
        return setup;
      } catch (RuntimeException e) {
        watching.forEach(SentinelNode::close);
        data.forEach(RedisServer::close);
        throw e;
      }
    }

    private static RedisServer dataNode(RedisBinary binary, RedisServer master) {
      RedisServer.Builder node =
          RedisServer.builder().binary(binary).config("repl-diskless-sync-delay", "0");
      return (master == null ? node : node.replicaOf(master)).start();
    }
  }

  public String masterName() {
    return masterName;
  }

  /** The master and replicas, running or not, the original master first. */
  public List<RedisServer> dataNodes() {
    return dataNodes;
  }

  public List<SentinelNode> sentinels() {
    return sentinels;
  }

  /** The master the first sentinel names now ({@code SENTINEL GET-MASTER-ADDR-BY-NAME}). */
  public RedisServer master() {
    int port = masterPortSeenBy(sentinels.get(0));
    return dataNodes.stream()
        .filter(n -> n.port() == port)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("sentinels name an unknown master " + port));
  }

  /** The running data nodes other than the current master. */
  public List<RedisServer> replicas() {
    RedisServer master = master();
    return dataNodes.stream().filter(n -> n != master && n.isRunning()).toList();
  }

  /** {@code redis-sentinel://127.0.0.1:p1,127.0.0.1:p2,…#masterName} (the Lettuce URI form). */
  public String uri() {
    return "redis-sentinel://"
        + sentinels.stream().map(SentinelNode::address).collect(Collectors.joining(","))
        + "#"
        + masterName;
  }

  /** {@code 127.0.0.1:port} of every sentinel. */
  public List<String> sentinelAddresses() {
    return sentinels.stream().map(SentinelNode::address).toList();
  }

  /**
   * Runs {@code SENTINEL FAILOVER} and waits until every sentinel names a new master, that master
   * reports {@code role:master}, and every other data node replicates from it; returns it.
   */
  public RedisServer failover() {
    RedisServer old = master();
    sentinels.get(0).call("SENTINEL", "FAILOVER", masterName);
    return awaitPromotionFrom(old);
  }

  /**
   * Kills the master (SIGKILL) and waits until the sentinels agree it is down, promote a replica,
   * every sentinel names it and the other running replicas follow it; returns it.
   */
  public RedisServer killMaster() {
    RedisServer old = master();
    if (replicas().isEmpty()) {
      throw new IllegalStateException("no replica to promote instead of " + old);
    }
    old.kill();
    return awaitPromotionFrom(old);
  }

  /**
   * Starts killed data nodes again, as replicas of the current master, and waits until every
   * sentinel sees them.
   */
  public void restartKilledNodes() {
    // each restarts with its original configuration: a master, or a replica of the old one
    dataNodes.stream().filter(n -> !n.isRunning()).forEach(RedisServer::restart);
    RedisServer master = master();
    follow(master);
    awaitSentinelsAgree(master);
  }

  private RedisServer awaitPromotionFrom(RedisServer old) {
    Await.until(
        TIMEOUT,
        "failed over from " + old,
        () -> sentinels.stream().allMatch(s -> masterPortSeenBy(s) != old.port()),
        this::describe);
    RedisServer promoted = master();
    follow(promoted);
    awaitSentinelsAgree(promoted);
    return promoted;
  }

  /**
   * Points every running data node that does not replicate from {@code master} at it. Sentinel does
   * the same, but only when its next INFO poll of the node (every 10 s) finds it wrong.
   */
  private void follow(RedisServer master) {
    for (RedisServer node : dataNodes) {
      if (node != master
          && node.isRunning()
          && !node.info("replication").contains("master_port:" + master.port())) {
        node.call("REPLICAOF", master.host(), Integer.toString(master.port()));
      }
    }
  }

  /** Stops sentinels and data nodes. Idempotent. */
  @Override
  public void close() {
    sentinels.forEach(SentinelNode::close);
    dataNodes.forEach(RedisServer::close);
  }

  @Override
  public String toString() {
    return "Sentinel setup " + masterName + " " + dataNodes + " watched by " + sentinels;
  }

  private void awaitSentinelsAgree(RedisServer master) {
    List<RedisServer> others =
        dataNodes.stream().filter(n -> n != master && n.isRunning()).toList();
    Await.until(
        TIMEOUT,
        "every sentinel seeing " + master + ", " + others.size() + " replicas and each other",
        () -> {
          if (!master.info("replication").contains("role:master")) {
            return false;
          }
          for (RedisServer replica : others) {
            String replication = replica.info("replication");
            if (!replication.contains("master_port:" + master.port())
                || !replication.contains("master_link_status:up")) {
              return false;
            }
          }
          for (SentinelNode sentinel : sentinels) {
            if (masterPortSeenBy(sentinel) != master.port()
                || healthy(sentinel, "REPLICAS") != others.size()
                || healthy(sentinel, "SENTINELS") != sentinels.size() - 1) {
              return false;
            }
          }
          return true;
        },
        this::describe);
  }

  private int masterPortSeenBy(SentinelNode sentinel) {
    List<?> address = (List<?>) sentinel.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", masterName);
    return Integer.parseInt((String) address.get(1));
  }

  /** How many replicas or sentinels a sentinel knows and considers up. */
  private int healthy(SentinelNode sentinel, String what) {
    List<?> entries = (List<?>) sentinel.call("SENTINEL", what, masterName);
    int count = 0;
    for (Object entry : entries) {
      List<?> fields = (List<?>) entry;
      int flags = fields.indexOf("flags");
      String value = (String) fields.get(flags + 1);
      if (!value.contains("s_down") && !value.contains("disconnected")) {
        count++;
      }
    }
    return count;
  }

  private String describe() {
    StringBuilder text = new StringBuilder();
    for (RedisServer node : dataNodes) {
      text.append("-- ").append(node).append('\n');
      if (node.isRunning()) {
        text.append(node.info("replication")).append('\n');
      }
    }
    for (SentinelNode sentinel : sentinels) {
      text.append("-- ").append(sentinel).append('\n').append(sentinel.log()).append('\n');
    }
    return text.toString();
  }
}
