package dev.redlens.info;

import dev.redlens.info.internal.MaintNotifications;
import dev.redlens.info.internal.NodeSource;
import dev.redlens.info.internal.PollerThread;
import dev.redlens.info.internal.SourceSpec;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.Meter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Polls {@code INFO} of one or many Redis nodes in the background and exports it as OpenTelemetry
 * metrics (see {@link ServerMetricNames} for the list).
 *
 * <pre>{@code
 * try (ServerMetrics metrics = ServerMetrics.builder(openTelemetry)
 *         .addNode("redis://localhost:6379")                 // one node
 *         .addCluster("redis://monitor:secret@cache-1:7000") // every node of a cluster, from any node
 *         .addSentinel("mymaster", "redis://sentinel-1:26379") // a monitored master and its replicas
 *         .setInterval(Duration.ofSeconds(30))
 *         .start()) {
 *     metrics.nodes().forEach(node -> System.out.println(node.address() + " up=" + node.isUp()));
 * }
 * }</pre>
 *
 * <p>Before every round the topology is asked again: a cluster through {@code CLUSTER SHARDS}
 * (Redis 7+) or {@code CLUSTER NODES} (6.2) of any node that answers, a Sentinel-monitored master
 * through the sentinels; so failovers, added nodes and removed nodes are followed (a removed node's
 * series disappear; a failed node stays until the cluster forgets it, its polls failing). A round
 * runs on one daemon thread named {@value #THREAD_NAME}, with a fixed delay between rounds; the
 * polls themselves run concurrently on at most {@link Builder#setMaxConcurrentPolls} daemon threads
 * named {@value #THREAD_NAME}{@code -N}, and the round does not wait for them, so a slow, paused or
 * dead node never delays another node's poll. A node whose poll is still running is skipped by the
 * next rounds, so polls never pile up.
 *
 * <p>Each node is read with {@code INFO everything} (falling back to {@code INFO} and single
 * sections when a server refuses it) and, on a cluster node, {@code CLUSTER INFO}, over a
 * connection of its own. A failed poll (node down, paused, slow past the timeout, {@code NOPERM},
 * wrong password) is recorded in {@link #nodes()} and in {@link ServerMetricNames#POLL_FAILURES},
 * the node's connection is dropped, and the next poll tries again; while a node's last poll failed
 * its server metrics are absent, not zero. {@link #close()} stops everything and may be called any
 * number of times.
 */
public final class ServerMetrics implements AutoCloseable {
  /** Name of the polling thread. */
  public static final String THREAD_NAME = "redlens-info-poller";

  /** Default time between the end of one round of polls and the start of the next. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);

  /**
   * {@code CLIENT SETNAME} of the polling connections, so that {@code CLIENT LIST} tells who they
   * are.
   */
  public static final String CLIENT_NAME = "redlens-info";

  /** Default limit for connecting to a node and for each command. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  /** Default number of nodes polled at the same time (threads of the polling pool). */
  public static final int DEFAULT_MAX_CONCURRENT_POLLS = 8;

  private final PollingRounds rounds;
  private final ClientResources resources;
  private final RedisClient client;
  private final ScheduledExecutorService executor;
  private final ServerInstruments instruments;
  private final Duration timeout;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ServerMetrics(Builder builder, List<SourceSpec> sources) {
    this.timeout = builder.timeout;
    // Lettuce's minimum (it raises smaller sizes with a log line); the threads idle between polls
    this.resources =
        DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
    this.client = RedisClient.create(resources);
    client.setOptions(
        // no CLIENT MAINT_NOTIFICATIONS (Lettuce 7): servers that do not know it answer ERR,
        // counted in their errorstats
        MaintNotifications.disable(ClientOptions.builder())
            .autoReconnect(false)
            // RESP2: plain INFO text from every server version, and no HELLO for a user allowed
            // only INFO
            .protocolVersion(ProtocolVersion.RESP2)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
            .timeoutOptions(TimeoutOptions.enabled(timeout))
            .build());
    List<NodeSource> nodeSources = new ArrayList<>();
    for (SourceSpec source : sources) {
      nodeSources.add(source.open(client, timeout, CLIENT_NAME));
    }
    this.rounds =
        new PollingRounds(
            client,
            nodeSources,
            timeout,
            builder.maxConcurrentPolls,
            THREAD_NAME,
            this::topologyChanged);
    Meter meter = builder.openTelemetry.getMeter(ServerMetricNames.INSTRUMENTATION_SCOPE);
    this.instruments = new ServerInstruments(meter, rounds::pollers);
    this.executor = Executors.newSingleThreadScheduledExecutor(new PollerThread(THREAD_NAME));
    executor.scheduleWithFixedDelay(
        this::scheduledRound, 0, builder.interval.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Starts configuring a collector that reports through {@code openTelemetry}. */
  public static Builder builder(OpenTelemetry openTelemetry) {
    return new Builder(openTelemetry);
  }

  /**
   * The status of every node polled now (given or discovered) after its last poll, in the order
   * they were first listed.
   */
  public List<NodeStatus> nodes() {
    return rounds.pollers().stream().map(NodePoller::status).toList();
  }

  /** The status of the node at {@code address:port}, if it is polled. */
  public Optional<NodeStatus> node(String address, int port) {
    return nodes().stream()
        .filter(n -> n.address().equals(address) && n.port() == port)
        .findFirst();
  }

  /**
   * Runs a round now, on the scheduling thread (after a round already running, never alongside it):
   * topology discovery, then every node's poll. The future completes when every poll of the round
   * has ended (for a node whose poll was still running, when that one ends); it fails only if this
   * collector is closed.
   */
  public CompletableFuture<Void> pollNow() {
    if (closed.get()) {
      return CompletableFuture.failedFuture(new IllegalStateException("ServerMetrics is closed"));
    }
    try {
      return CompletableFuture.supplyAsync(() -> rounds.round(true), executor)
          .thenCompose(round -> round);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("ServerMetrics is closed", e));
    }
  }

  /** Stops polling, unregisters the instruments and closes the connections; idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    instruments.close();
    executor.shutdownNow();
    try {
      executor.awaitTermination(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    rounds.close();
    // wait for the connections to close before the client shuts down, or it closes them a second
    // time
    try {
      rounds.closeConnections().get(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // shutting the client down below closes whatever is left
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }

  /** A source's answer changed the node set: poll the new set now rather than at the next round. */
  private void topologyChanged() {
    try {
      executor.execute(this::scheduledRound);
    } catch (RejectedExecutionException e) {
      // closed
    }
  }

  private void scheduledRound() {
    if (closed.get()) {
      return;
    }
    try {
      rounds.round(false);
    } catch (Throwable unexpected) {
      // sources and polls report their own failures; whatever escapes must not cancel the
      // periodic task
      System.getLogger(ServerMetrics.class.getName())
          .log(System.Logger.Level.ERROR, "Unexpected failure while polling", unexpected);
    }
  }

  /** Configures a {@link ServerMetrics}; {@link #start()} validates and starts polling. */
  public static final class Builder {
    private final OpenTelemetry openTelemetry;
    private final List<SourceSpec> sources = new ArrayList<>();
    private final Set<String> sourceKeys = new HashSet<>();
    private Duration interval = DEFAULT_INTERVAL;
    private Duration timeout = DEFAULT_TIMEOUT;
    private int maxConcurrentPolls = DEFAULT_MAX_CONCURRENT_POLLS;

    private Builder(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
    }

    /**
     * Adds a node by Lettuce URI: {@code redis://[[user]:password@]host[:port][/database]} ({@code
     * rediss://} for TLS), polled directly.
     *
     * @throws IllegalArgumentException if the URI is not valid, has no host, is a Sentinel URI (see
     *     {@link #addSentinel}), or names a node already added
     */
    public Builder addNode(String uri) {
      Objects.requireNonNull(uri, "uri");
      return addNode(RedisURI.create(uri));
    }

    /** Adds a node by {@link RedisURI}; see {@link #addNode(String)}. */
    public Builder addNode(RedisURI uri) {
      return add(SourceSpec.node(Objects.requireNonNull(uri, "uri")), "Node");
    }

    /**
     * Adds every node of a Redis Cluster, discovered from {@code seedUri} (any node of it) before
     * every round, with the seed's credentials and options; failovers and added or removed nodes
     * are followed. Discovery asks any node that answers, so the seed may go away later.
     *
     * @throws IllegalArgumentException if the URI is not valid, has no host, or was added already
     */
    public Builder addCluster(String seedUri) {
      Objects.requireNonNull(seedUri, "seedUri");
      return addCluster(RedisURI.create(seedUri));
    }

    /** Adds every node of a Redis Cluster; see {@link #addCluster(String)}. */
    public Builder addCluster(RedisURI seedUri) {
      return add(SourceSpec.cluster(Objects.requireNonNull(seedUri, "seedUri")), "Cluster");
    }

    /**
     * Adds the master that Sentinel monitors as {@code masterName} and its replicas, asked of the
     * sentinels before every round, so a failover shows at the next round. {@code sentinelUri} is
     * one sentinel, {@code redis://[:password@]host:26379} (the password is used for the data nodes
     * too), or several in Lettuce's form, {@code
     * redis-sentinel://[:password@]host1:26379,host2:26379} (the password is the data nodes').
     *
     * @throws IllegalArgumentException if the URI is not valid, the name is empty, or the pair was
     *     added already
     */
    public Builder addSentinel(String masterName, String sentinelUri) {
      Objects.requireNonNull(sentinelUri, "sentinelUri");
      return addSentinel(masterName, RedisURI.create(sentinelUri));
    }

    /**
     * Adds a Sentinel-monitored master and its replicas; see {@link #addSentinel(String, String)}.
     */
    public Builder addSentinel(String masterName, RedisURI sentinelUri) {
      Objects.requireNonNull(sentinelUri, "sentinelUri");
      return add(SourceSpec.sentinel(masterName, sentinelUri), "Sentinel master");
    }

    private Builder add(SourceSpec spec, String what) {
      if (!sourceKeys.add(spec.key())) {
        throw new IllegalArgumentException(what + " added twice: " + spec.key());
      }
      sources.add(spec);
      return this;
    }

    /** Sets the time between the start of one round and the next (default 30 s). */
    public Builder setInterval(Duration interval) {
      this.interval = positive(interval, "interval");
      return this;
    }

    /** Sets the limit for connecting to a node and for each command (default 5 s). */
    public Builder setTimeout(Duration timeout) {
      this.timeout = positive(timeout, "timeout");
      return this;
    }

    /**
     * Sets how many nodes are polled at the same time (default {@value
     * #DEFAULT_MAX_CONCURRENT_POLLS}): the threads of the polling pool. More unresponsive nodes
     * than this would make the others wait for a free thread.
     */
    public Builder setMaxConcurrentPolls(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("maxConcurrentPolls must be at least 1: " + threads);
      }
      this.maxConcurrentPolls = threads;
      return this;
    }

    /**
     * Registers the instruments and starts polling (the first round starts at once, in the
     * background).
     *
     * @throws IllegalStateException if no node, cluster or Sentinel master was added
     */
    public ServerMetrics start() {
      if (sources.isEmpty()) {
        throw new IllegalStateException("Add at least one node");
      }
      return new ServerMetrics(this, List.copyOf(sources));
    }

    private static Duration positive(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException(name + " must be positive: " + value);
      }
      return value;
    }
  }
}
