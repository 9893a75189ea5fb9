package dev.redlens.info;

import dev.redlens.info.internal.NodeAddress;
import dev.redlens.info.internal.PollFailure;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Polls one node over its own connection, created lazily and dropped after any failure (so a
 * half-dead or paused connection is never reused). {@link #poll()} runs on one polling thread at a
 * time (never twice at once); {@link #status()} and {@link #failuresByType()} may be read from any
 * thread.
 */
final class NodePoller implements ObservedNode {
  private static final System.Logger LOG = System.getLogger("dev.redlens.info.ServerMetrics");

  private final RedisClient client;
  private final RedisURI uri;
  private final Duration timeout;
  private final Clock clock;
  private final Map<String, AtomicLong> failuresByType = new ConcurrentHashMap<>();
  private volatile NodeStatus status;
  private volatile StatefulRedisConnection<String, String> connection;

  /** A poller for {@code node}; nothing is connected until the first {@link #poll()}. */
  public NodePoller(
      RedisClient client, RedisURI uri, NodeAddress node, Duration timeout, Clock clock) {
    this.client = client;
    this.uri = uri;
    this.timeout = timeout;
    this.clock = clock;
    this.status =
        new NodeStatus(
            node.safeUri(),
            node.address(),
            node.port(),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            0,
            0);
  }

  @Override
  public NodeStatus status() {
    return status;
  }

  @Override
  public Map<String, AtomicLong> failuresByType() {
    return failuresByType;
  }

  /** Polls the node once; never throws. */
  public void poll() {
    Instant start = clock.instant();
    NodeStatus before = status;
    try {
      InfoFetcher.Result result = InfoFetcher.fetch(connection().sync());
      Instant end = clock.instant();
      status =
          new NodeStatus(
              before.uri(),
              before.address(),
              before.port(),
              result.snapshot(),
              result.clusterInfo(),
              end,
              end,
              Duration.between(start, end),
              null,
              result.warning(),
              0,
              before.pollFailures());
      if (before.consecutiveFailures() > 0) {
        LOG.log(
            Level.INFO,
            "INFO of {0} readable again after {1} failed poll(s)",
            before.uri(),
            before.consecutiveFailures());
      }
    } catch (Throwable error) {
      closeConnection();
      PollFailure failure = PollFailure.of(error);
      failuresByType.computeIfAbsent(failure.type(), t -> new AtomicLong()).incrementAndGet();
      Instant end = clock.instant();
      status =
          new NodeStatus(
              before.uri(),
              before.address(),
              before.port(),
              before.lastSnapshot(),
              before.lastClusterInfo(),
              end,
              before.lastSuccessTime(),
              Duration.between(start, end),
              failure.describe(),
              null,
              before.consecutiveFailures() + 1,
              before.pollFailures() + 1);
      // an interrupted poll is one that close() stopped: nothing to warn about
      if (before.consecutiveFailures() == 0 && !failure.type().equals("interrupted")) {
        String message =
            "Cannot read INFO of "
                + before.uri()
                + " ("
                + failure.describe()
                + "); retrying every poll, the node's metrics are absent until it answers";
        if (failure.type().equals("other")) {
          LOG.log(Level.WARNING, message, error);
        } else {
          LOG.log(Level.WARNING, message);
        }
      }
    }
  }

  /**
   * Closes the connection if there is one (also one whose server went away, so that the client
   * forgets it); safe from any thread once polling has stopped. Completes when the connection is
   * closed.
   */
  public CompletableFuture<Void> closeConnection() {
    StatefulRedisConnection<String, String> open = connection;
    connection = null;
    if (open == null) {
      return CompletableFuture.completedFuture(null);
    }
    try {
      return open.closeAsync().exceptionally(e -> null);
    } catch (RuntimeException e) {
      // closing a broken connection may fail; it is gone either way
      return CompletableFuture.completedFuture(null);
    }
  }

  private StatefulRedisConnection<String, String> connection() {
    if (connection == null || !connection.isOpen()) {
      closeConnection();
      StatefulRedisConnection<String, String> created = client.connect(StringCodec.UTF8, uri);
      created.setTimeout(timeout);
      connection = created;
    }
    return connection;
  }
}
