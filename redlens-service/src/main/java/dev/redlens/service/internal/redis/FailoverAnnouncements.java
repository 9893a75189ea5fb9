package dev.redlens.service.internal.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The sentinels' announcements of a failover, as they happen: a pub/sub subscription on each
 * sentinel of the URL to two of the events a sentinel publishes, for the watched master only:
 *
 * <ul>
 *   <li>{@value #SWITCH_MASTER} ({@code <name> <old-ip> <old-port> <new-ip> <new-port>}): the
 *       sentinel has adopted the new master. Every sentinel publishes it, the others a moment after
 *       the one that led the failover, when they hear of it; so every sentinel is listened to.
 *   <li>{@value #RECONF_REPLICAS} ({@code master <name> <ip> <port>}): the leading sentinel has
 *       promoted the replica and from now on names it as the master, while it still repoints the
 *       other replicas; its {@value #SWITCH_MASTER} comes only after that, measured 37 to 81 ms
 *       later, a window in which the old master would still be used.
 * </ul>
 *
 * A message about the watched master calls {@code announced} with its channel, on Lettuce's event
 * loop (which must not block).
 *
 * <p>Bounded: one connection per sentinel of the URL, from the administrative client (no
 * auto-reconnect; its {@code SUBSCRIBE} is recorded like the service's other administrative
 * commands, on the sentinel's address), and at most one attempt at a time per sentinel. A
 * subscription that breaks (a sentinel restarted, a network cut) is made again by the next {@link
 * #renew}, which the watch calls every period; one that could not be made is tried again no sooner
 * than {@link #RETRY} later. Meanwhile the watch's poll covers.
 */
final class FailoverAnnouncements implements AutoCloseable {

  static final String SWITCH_MASTER = "+switch-master";
  static final String RECONF_REPLICAS = "+failover-state-reconf-slaves";
  static final Duration RETRY = Duration.ofSeconds(5);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(1);

  private final RedisClient client;
  private final String masterName;
  private final Consumer<String> announced;
  private final List<Sentinel> sentinels;
  private volatile boolean closed;

  /**
   * @param client the client the connections are made with (not auto-reconnecting)
   * @param uri the {@code redis-sentinel://} URI: its sentinels and master name
   * @param announced called with the channel of an announcement about the master
   */
  FailoverAnnouncements(RedisClient client, RedisURI uri, Consumer<String> announced) {
    this.client = client;
    this.masterName = uri.getSentinelMasterId();
    this.announced = announced;
    this.sentinels = uri.getSentinels().stream().map(Sentinel::new).toList();
  }

  /** One sentinel and the latest attempt to subscribe to it; guarded by the subscription. */
  private static final class Sentinel {
    final RedisURI uri;
    Attempt attempt;

    Sentinel(RedisURI uri) {
      this.uri = uri;
    }
  }

  /** One connection attempt and the subscription it becomes; released (closed) once. */
  private static final class Attempt {
    final CompletableFuture<StatefulRedisPubSubConnection<String, String>> connected;
    final CompletableFuture<?> subscribed;
    final long started = System.nanoTime();
    private final AtomicBoolean released = new AtomicBoolean();

    Attempt(
        CompletableFuture<StatefulRedisPubSubConnection<String, String>> connected,
        CompletableFuture<?> subscribed) {
      this.connected = connected;
      this.subscribed = subscribed;
    }

    boolean isPending() {
      return !subscribed.isDone();
    }

    boolean failed() {
      return subscribed.isCompletedExceptionally();
    }

    /** Subscribed and still connected. */
    boolean isLive() {
      return subscribed.isDone() && !failed() && connected.getNow(null).isOpen();
    }

    /** Closes the connection if one was made, once (Lettuce warns when one is closed twice). */
    CompletableFuture<Void> release() {
      return connected
          .handle((c, failure) -> c)
          .thenCompose(
              c ->
                  c != null && released.compareAndSet(false, true)
                      ? c.closeAsync()
                      : CompletableFuture.<Void>completedFuture(null));
    }
  }

  /** How many sentinels the subscription hears now (subscribed, connected). */
  synchronized int live() {
    return (int) sentinels.stream().filter(s -> s.attempt != null && s.attempt.isLive()).count();
  }

  /**
   * Subscribes to each sentinel that has no live subscription and no attempt under way (after a
   * failed attempt, once {@link #RETRY} has passed). Does not wait for the connections.
   */
  synchronized void renew() {
    long now = System.nanoTime();
    for (Sentinel sentinel : sentinels) {
      Attempt previous = sentinel.attempt;
      if (closed) {
        return;
      }
      if (previous != null) {
        if (previous.isPending()
            || previous.isLive()
            || (previous.failed() && now - previous.started < RETRY.toNanos())) {
          continue;
        }
        previous.release(); // lost (disconnected for good) or failed long enough ago
      }
      sentinel.attempt = subscribe(sentinel.uri);
    }
  }

  private Attempt subscribe(RedisURI sentinel) {
    CompletableFuture<StatefulRedisPubSubConnection<String, String>> connected;
    try {
      connected = client.connectPubSubAsync(StringCodec.UTF8, sentinel).toCompletableFuture();
    } catch (RuntimeException e) {
      connected = CompletableFuture.failedFuture(e); // the client shut down: retried, or closed
    }
    CompletableFuture<?> subscribed =
        connected.thenCompose(
            c -> {
              c.addListener(
                  new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String channel, String message) {
                      onMessage(channel, message);
                    }
                  });
              return c.async().subscribe(SWITCH_MASTER, RECONF_REPLICAS).toCompletableFuture();
            });
    Attempt attempt = new Attempt(connected, subscribed);
    // not subscribed (refused, timed out): close the connection if made; closed meanwhile: too
    subscribed.whenComplete(
        (v, failure) -> {
          if (failure != null || closed) {
            attempt.release();
          }
        });
    return attempt;
  }

  private void onMessage(String channel, String message) {
    if (!closed && isAbout(masterName, channel, message)) {
      announced.accept(channel);
    }
  }

  /** Whether a message on one of the channels is about {@code masterName}. */
  static boolean isAbout(String masterName, String channel, String message) {
    String[] words = message.trim().split(" ");
    return switch (channel) {
      case SWITCH_MASTER -> words.length == 5 && words[0].equals(masterName);
      case RECONF_REPLICAS ->
          words.length >= 2 && words[0].equals("master") && words[1].equals(masterName);
      default -> false;
    };
  }

  /**
   * Closes every subscription, waiting a moment for each (so that the client's shutdown, which
   * closes what is left open, finds nothing to close twice). Idempotent.
   */
  @Override
  public void close() {
    List<CompletableFuture<Void>> releases;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      // an attempt under way is released when it completes (see subscribe)
      releases =
          sentinels.stream()
              .filter(s -> s.attempt != null && !s.attempt.isPending())
              .map(s -> s.attempt.release())
              .toList();
    }
    try {
      CompletableFuture.allOf(releases.toArray(CompletableFuture[]::new))
          .get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // closing as the service stops: what is left, the client's shutdown closes
    }
  }
}
