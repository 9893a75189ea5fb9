package dev.redlens.service.internal.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Whether Redis answers: a {@code PING} on the instrumented administrative connection every {@code
 * REDIS_HEALTH_CHECK_INTERVAL} on a daemon thread named {@value #THREAD_NAME}, and on demand for
 * {@code /health}.
 */
public final class HealthCheck implements AutoCloseable {

  public static final String THREAD_NAME = "redlens-service-health";

  private final RedisConnector connector;
  private final ScheduledExecutorService executor;
  private volatile Result last;

  /** The outcome of one check. */
  public record Result(boolean up, Instant at, double latencyMs, String error) {
    public Map<String, Object> describe() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("status", up ? "up" : "down");
      m.put("checked_at", at.toString());
      m.put("latency_ms", latencyMs);
      m.put("error", error);
      return m;
    }
  }

  public HealthCheck(RedisConnector connector, Duration interval) {
    this.connector = connector;
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, THREAD_NAME);
              t.setDaemon(true);
              return t;
            });
    this.last = check();
    long millis = Math.max(100, interval.toMillis());
    executor.scheduleWithFixedDelay(this::check, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Pings Redis now. */
  public Result check() {
    long start = System.nanoTime();
    Result result;
    try {
      String pong = connector.ping();
      double ms = (System.nanoTime() - start) / 1e6;
      result =
          "PONG".equals(pong)
              ? new Result(true, Instant.now(), ms, null)
              : new Result(false, Instant.now(), ms, "unexpected reply to PING: " + pong);
    } catch (RuntimeException e) {
      result =
          new Result(
              false,
              Instant.now(),
              (System.nanoTime() - start) / 1e6,
              String.valueOf(e.getMessage()));
    }
    last = result;
    return result;
  }

  public Result last() {
    return last;
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
