package dev.redlens.info;

import dev.redlens.info.internal.NodeAddress;
import dev.redlens.info.internal.NodePoller;
import dev.redlens.info.internal.PollerThread;
import dev.redlens.info.internal.ServerInstruments;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.MaintNotificationsConfig;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.Meter;
import java.time.Clock;
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
 *         .addNode("redis://localhost:6379")
 *         .addNode("redis://monitor:secret@cache-2:6379")
 *         .setInterval(Duration.ofSeconds(30))
 *         .start()) {
 *     metrics.nodes().forEach(node -> System.out.println(node.address() + " up=" + node.isUp()));
 * }
 * }</pre>
 *
 * <p>Each node is read with {@code INFO everything} (falling back to {@code INFO} and single
 * sections when a server refuses it) and, on a cluster node, {@code CLUSTER INFO}, over a
 * connection of its own. All nodes are polled one after the other on one daemon thread named
 * {@value #THREAD_NAME}, with a fixed delay between the end of a round and the start of the next,
 * so polls never pile up however slow a node is. A failed poll (node down, paused, slow past the
 * timeout, {@code NOPERM}, wrong password) is recorded in {@link #nodes()} and in {@link
 * ServerMetricNames#POLL_FAILURES}, the node's connection is dropped, and the next poll tries
 * again; while a node's last poll failed its server metrics are absent, not zero. {@link #close()}
 * stops everything and may be called any number of times.
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

  private final List<NodePoller> pollers;
  private final ClientResources resources;
  private final RedisClient client;
  private final ScheduledExecutorService executor;
  private final ServerInstruments instruments;
  private final Duration timeout;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ServerMetrics(Builder builder, List<RedisURI> nodes) {
    this.timeout = builder.timeout;
    // Lettuce's minimum (it raises smaller sizes with a log line); the threads idle between polls
    this.resources =
        DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
    this.client = RedisClient.create(resources);
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(false)
            // RESP2: plain INFO text from every server version, and no HELLO for a user allowed
            // only INFO
            .protocolVersion(ProtocolVersion.RESP2)
            // no CLIENT MAINT_NOTIFICATIONS: servers that do not know it answer ERR, counted in
            // their errorstats
            .maintNotificationsConfig(MaintNotificationsConfig.disabled())
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
            .timeoutOptions(TimeoutOptions.enabled(timeout))
            .build());
    List<NodePoller> created = new ArrayList<>();
    for (RedisURI uri : nodes) {
      created.add(new NodePoller(client, uri, NodeAddress.of(uri), timeout, Clock.systemUTC()));
    }
    this.pollers = List.copyOf(created);
    Meter meter = builder.openTelemetry.getMeter(ServerMetricNames.INSTRUMENTATION_SCOPE);
    this.instruments = new ServerInstruments(meter, pollers);
    this.executor = Executors.newSingleThreadScheduledExecutor(new PollerThread(THREAD_NAME));
    executor.scheduleWithFixedDelay(
        this::pollAll, 0, builder.interval.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Starts configuring a collector that reports through {@code openTelemetry}. */
  public static Builder builder(OpenTelemetry openTelemetry) {
    return new Builder(openTelemetry);
  }

  /** The status of every node after its last poll, in the order they were added. */
  public List<NodeStatus> nodes() {
    return pollers.stream().map(NodePoller::status).toList();
  }

  /** The status of the node at {@code address:port}, if it is polled. */
  public Optional<NodeStatus> node(String address, int port) {
    return nodes().stream()
        .filter(n -> n.address().equals(address) && n.port() == port)
        .findFirst();
  }

  /**
   * Polls every node now, on the polling thread (after a round already running, never alongside
   * it). The future completes when the round is done; it fails only if this collector is closed.
   */
  public CompletableFuture<Void> pollNow() {
    if (closed.get()) {
      return CompletableFuture.failedFuture(new IllegalStateException("ServerMetrics is closed"));
    }
    try {
      return CompletableFuture.runAsync(this::pollAll, executor);
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
    // wait for the connections to close before the client shuts down, or it closes them a second
    // time
    CompletableFuture<?>[] closing =
        pollers.stream().map(NodePoller::closeConnection).toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.allOf(closing).get(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // shutting the client down below closes whatever is left
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }

  private void pollAll() {
    for (NodePoller poller : pollers) {
      if (closed.get() || Thread.currentThread().isInterrupted()) {
        return;
      }
      try {
        poller.poll();
      } catch (Throwable unexpected) {
        // poll() reports every failure itself; whatever escapes it must not cancel the periodic
        // task
        System.getLogger(ServerMetrics.class.getName())
            .log(System.Logger.Level.ERROR, "Unexpected failure while polling", unexpected);
      }
    }
  }

  /** Configures a {@link ServerMetrics}; {@link #start()} validates and starts polling. */
  public static final class Builder {
    private final OpenTelemetry openTelemetry;
    private final List<RedisURI> nodes = new ArrayList<>();
    private final Set<String> nodeKeys = new HashSet<>();
    private Duration interval = DEFAULT_INTERVAL;
    private Duration timeout = DEFAULT_TIMEOUT;

    private Builder(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
    }

    /**
     * Adds a node by Lettuce URI: {@code redis://[[user]:password@]host[:port][/database]} ({@code
     * rediss://} for TLS). Each node is polled directly, so list every node of a cluster or
     * replication group you want.
     *
     * @throws IllegalArgumentException if the URI is not valid, has no host, or names a node
     *     already added
     */
    public Builder addNode(String uri) {
      Objects.requireNonNull(uri, "uri");
      return addNode(RedisURI.create(uri));
    }

    /** Adds a node by {@link RedisURI}; see {@link #addNode(String)}. */
    public Builder addNode(RedisURI uri) {
      Objects.requireNonNull(uri, "uri");
      NodeAddress address = NodeAddress.of(uri);
      if (!nodeKeys.add(address.key())) {
        throw new IllegalArgumentException("Node added twice: " + address.key());
      }
      nodes.add(uri);
      return this;
    }

    /**
     * Sets the time between the end of one round of polls and the start of the next (default 30 s).
     */
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
     * Registers the instruments and starts polling (the first round starts at once, in the
     * background).
     *
     * @throws IllegalStateException if no node was added
     */
    public ServerMetrics start() {
      if (nodes.isEmpty()) {
        throw new IllegalStateException("Add at least one node");
      }
      List<RedisURI> copies = new ArrayList<>();
      for (RedisURI uri : nodes) {
        // no CLIENT SETINFO: servers before 7.2 answer it with ERR, which would count in the very
        // errorstats this collector reports
        RedisURI.Builder copy =
            RedisURI.builder(uri).withTimeout(timeout).withLibraryName("").withLibraryVersion("");
        if (uri.getClientName() == null) {
          copy.withClientName(CLIENT_NAME);
        }
        copies.add(copy.build());
      }
      return new ServerMetrics(this, copies);
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
