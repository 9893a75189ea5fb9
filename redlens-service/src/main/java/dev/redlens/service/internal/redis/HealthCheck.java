package dev.redlens.service.internal.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether Redis answers: a {@code PING} on the instrumented administrative connection every {@code
 * REDIS_HEALTH_CHECK_INTERVAL} on a daemon thread named {@value #THREAD_NAME}, and on demand for
 * {@code /health} ({@link #probe}), which waits for a fresh answer only for a bounded time: a
 * paused or stopped Redis must not hold {@code /health} for the whole command timeout.
 */
public final class HealthCheck implements AutoCloseable {

  public static final String THREAD_NAME = "redlens-service-health";

  private final RedisConnector connector;
  private final ScheduledExecutorService executor;
  private volatile Result last;
  private final AtomicReference<CompletableFuture<Result>> inFlight = new AtomicReference<>();

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
              e instanceof RedisUnavailableException
                  ? e.getMessage()
                  : RedisFailures.describe(connector.displayUri(), e));
    }
    last = result;
    return result;
  }

  /**
   * A fresh check, waited for at most {@code cutoff}; past it, Redis counts as down ("no answer
   * within …", with the last answer's time) while the check goes on in the background. At most one
   * check runs at a time: concurrent callers share it.
   */
  public Result probe(Duration cutoff) {
    CompletableFuture<Result> check =
        inFlight.updateAndGet(
            running ->
                running != null && !running.isDone()
                    ? running
                    : CompletableFuture.supplyAsync(this::check, executor));
    try {
      return check.get(cutoff.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      Result previous = last;
      return new Result(
          false,
          Instant.now(),
          cutoff.toMillis(),
          "Redis did not answer PING within "
              + cutoff.toMillis()
              + " ms"
              + (previous.up() ? " (last answer at " + previous.at() + ")" : ""));
    } catch (ExecutionException | RejectedExecutionException e) {
      return last;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return last;
    }
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
