package dev.redlens.service.internal.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a Sentinel failover for the pool. Lettuce asks the sentinels for the master only when a
 * connection (re)connects, so a pooled connection made to the old master keeps talking to it after
 * a failover: to a master the sentinels no longer name (writes that a resync later discards), then
 * to a replica (every write refused with {@code READONLY}) for as long as the connection lives.
 *
 * <p>Two triggers, one decision. The sentinels' announcements ({@link FailoverAnnouncements}:
 * {@code +failover-state-reconf-slaves}, {@code +switch-master}) wake the watch as soon as a
 * sentinel names the new master; a poll every {@code period} (500 ms in the service) is the
 * fallback for an announcement missed (a subscription lost, a sentinel restarted, a failover during
 * the start). Either way the watch then asks the sentinels which master they name (on the
 * administrative Sentinel connection: Lettuce's look-up, housekeeping, not recorded) and, when the
 * answer changed, hands the new master to {@code switched} (the connector takes the pooled
 * connections out of the pool, so that each is made again through the sentinels). The announcement
 * wakes the question rather than being taken as the answer: the pool's new connections are made by
 * Lettuce asking the sentinels, so the switch happens when the sentinels asked name the new master,
 * never before (a sentinel that has not heard of the failover yet would send them back to the old
 * one). When the sentinels do not answer, the last known master stands.
 *
 * <p>Everything runs on one daemon thread named {@value #THREAD_NAME}; announcements only queue a
 * check there (at most one waiting), since they arrive on Lettuce's event loop, which must not
 * block on the sentinels' answer.
 */
final class SentinelWatch implements AutoCloseable {

  static final String THREAD_NAME = "redlens-service-sentinel-watch";
  static final Duration PERIOD = Duration.ofMillis(500);

  private static final Logger LOG = LoggerFactory.getLogger(SentinelWatch.class);

  private final Supplier<String> master;
  private final ToIntFunction<String> switched;
  private final ScheduledExecutorService executor;
  private final FailoverAnnouncements subscription;
  private final AtomicBoolean woken = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile String known;

  /**
   * @param client the client of the subscriptions' connections (not auto-reconnecting: {@link
   *     FailoverAnnouncements#renew} makes a lost one again)
   * @param sentinels the {@code redis-sentinel://} URI
   * @param master the {@code host:port} of the master the sentinels name now
   * @param switched called with the new master's {@code host:port} when it changed; how many
   *     connections it closed
   * @param period how often the sentinels are asked without an announcement
   */
  SentinelWatch(
      RedisClient client,
      RedisURI sentinels,
      Supplier<String> master,
      ToIntFunction<String> switched,
      Duration period) {
    this.master = master;
    this.switched = switched;
    this.subscription = new FailoverAnnouncements(client, sentinels, this::announced);
    this.executor = Daemons.scheduler(THREAD_NAME);
    executor.scheduleWithFixedDelay(this::tick, 0, period.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The poll: subscriptions made again where lost, then the sentinels asked. */
  private void tick() {
    subscription.renew();
    check("found by the poll");
  }

  /** A sentinel announced a new master: ask now, on the watch's thread (once, however many). */
  private void announced(String channel) {
    if (!woken.compareAndSet(false, true)) {
      return;
    }
    try {
      executor.execute(
          () -> {
            woken.set(false);
            check("announced on " + channel);
          });
    } catch (RejectedExecutionException e) {
      // closed
    }
  }

  /** Asks the sentinels once and hands a new master on. */
  private void check(String how) {
    String now;
    try {
      now = master.get();
    } catch (RuntimeException e) {
      return; // the sentinels do not answer now: keep what is known, ask again next period
    }
    String before = known;
    known = now;
    if (before != null && !before.equals(now)) {
      int taken;
      try {
        taken = switched.applyAsInt(now);
      } catch (RuntimeException e) {
        LOG.warn("Sentinel failover to {}: could not close the pooled connections", now, e);
        return;
      }
      // the one line a failover logs (the connections are closed quietly, by the pool)
      LOG.warn(
          "Sentinel failover: the master is now {} (was {}; {}); {} pooled connections closed,"
              + " new ones go to the new master",
          now,
          before,
          how,
          taken);
    }
  }

  /** The master the sentinels named when last asked ({@code host:port}), or null. */
  String known() {
    return known;
  }

  /** How many sentinels the watch hears announcements from now. */
  int subscribed() {
    return subscription.live();
  }

  /** Stops the thread and closes the subscriptions. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      executor.shutdownNow();
      subscription.close();
    }
  }
}
