package dev.redlens.service.internal.redis;

import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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

  /**
   * The outcome of one check.
   *
   * @param nodes each node's answer (one for a single server), or null when the nodes could not be
   *     found or the check was cut off
   */
  public record Result(
      boolean up, Instant at, double latencyMs, String error, List<NodeReply<String>> nodes) {
    Result(boolean up, Instant at, double latencyMs, String error) {
      this(up, at, latencyMs, error, null);
    }

    public Map<String, Object> describe() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("status", up ? "up" : "down");
      m.put("checked_at", at.toString());
      m.put("latency_ms", latencyMs);
      m.put("error", error);
      if (nodes != null) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (NodeReply<String> node : nodes) {
          Map<String, Object> n = new LinkedHashMap<>();
          n.put("node", node.node());
          n.put("role", node.role());
          n.put("status", answered(node) ? "up" : "down");
          n.put("latency_ms", node.latencyMs());
          n.put("error", answered(node) || node.error() != null ? node.error() : unexpected(node));
          list.add(n);
        }
        m.put("nodes", list);
      }
      return m;
    }
  }

  private static boolean answered(NodeReply<String> node) {
    return node.ok() && "PONG".equals(node.reply());
  }

  private static String unexpected(NodeReply<String> node) {
    return "unexpected reply to PING: " + node.reply();
  }

  public HealthCheck(RedisConnector connector, Duration interval) {
    this.connector = connector;
    this.executor = Daemons.scheduler(THREAD_NAME);
    this.last = check();
    long millis = Math.max(100, interval.toMillis());
    executor.scheduleWithFixedDelay(this::check, millis, millis, TimeUnit.MILLISECONDS);
  }

  /**
   * Pings every node now. Redis is up when the nodes that hold the data answer: the server, the
   * Sentinel's master, every master of a cluster (a replica that does not answer is listed, but
   * Redis still serves every key).
   */
  public Result check() {
    long start = System.nanoTime();
    Result result;
    try {
      List<NodeReply<String>> nodes = connector.onEveryNode(RedisAsyncCommands::ping);
      double ms = (System.nanoTime() - start) / 1e6;
      boolean cluster = connector.topology().kind() == RedisTopology.Kind.CLUSTER;
      String error = nodes.isEmpty() ? "Redis at " + connector.displayUri() + " has no node" : null;
      for (NodeReply<String> node : cluster || nodes.isEmpty() ? nodes : nodes.subList(0, 1)) {
        if (error == null && node.isMaster() && !answered(node)) {
          error = node.error() != null ? node.error() : unexpected(node);
        }
      }
      result = new Result(error == null, Instant.now(), ms, error, nodes);
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
