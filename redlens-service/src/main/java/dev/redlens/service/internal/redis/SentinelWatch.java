package dev.redlens.service.internal.redis;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a Sentinel failover for the pool. Lettuce asks the sentinels for the master only when a
 * connection (re)connects, so a pooled connection made to the old master keeps talking to it after
 * a failover: to a master the sentinels no longer name (writes that a resync later discards), then
 * to a replica (every write refused with {@code READONLY}) for as long as the connection lives.
 * This asks the sentinels which master they name every {@link #PERIOD} (on the administrative
 * Sentinel connection: Lettuce's look-up, housekeeping, not recorded) on a daemon thread named
 * {@value #THREAD_NAME}, and when the answer changes hands the new master to {@code switched} (the
 * connector closes the pooled connections, so that each reconnects through the sentinels). When the
 * sentinels do not answer, the last known master stands.
 */
final class SentinelWatch implements AutoCloseable {

  static final String THREAD_NAME = "redlens-service-sentinel-watch";
  static final Duration PERIOD = Duration.ofMillis(500);

  private static final Logger LOG = LoggerFactory.getLogger(SentinelWatch.class);

  private final Supplier<String> master;
  private final Consumer<String> switched;
  private final ScheduledExecutorService executor;
  private volatile String known;

  /**
   * @param master the {@code host:port} of the master the sentinels name now
   * @param switched called with the new master's {@code host:port} when it changed
   */
  SentinelWatch(Supplier<String> master, Consumer<String> switched) {
    this.master = master;
    this.switched = switched;
    this.executor = Daemons.scheduler(THREAD_NAME);
    executor.scheduleWithFixedDelay(this::check, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Asks the sentinels once and hands a new master on. */
  void check() {
    String now;
    try {
      now = master.get();
    } catch (RuntimeException e) {
      return; // the sentinels do not answer now: keep what is known, ask again next period
    }
    String before = known;
    known = now;
    if (before != null && !before.equals(now)) {
      LOG.warn(
          "Sentinel failover: the master is now {} (was {}); pooled connections reconnect",
          now,
          before);
      try {
        switched.accept(now);
      } catch (RuntimeException e) {
        LOG.warn("could not close the pooled connections to {}", before, e);
      }
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
