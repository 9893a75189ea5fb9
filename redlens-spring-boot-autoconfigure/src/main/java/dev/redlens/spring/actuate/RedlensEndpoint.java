package dev.redlens.spring.actuate;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.core.TelemetrySnapshot;
import dev.redlens.core.pool.PoolSnapshot;
import dev.redlens.info.NodeStatus;
import dev.redlens.info.ServerMetrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code redlens} Actuator endpoint: what Redlens recorded since start (operations, latency
 * percentiles per command in microseconds, error rates by category and type, hit ratios), the state
 * of every registered connection pool, and the last poll of every node {@code ServerMetrics}
 * watches. Plain maps and lists, so the JSON is the same with any Jackson version.
 */
@Endpoint(id = "redlens")
public class RedlensEndpoint {

  private final RedisTelemetry telemetry;
  private final Supplier<ServerMetrics> serverMetrics;

  /** {@code serverMetrics} may supply null (INFO collection off). */
  public RedlensEndpoint(RedisTelemetry telemetry, Supplier<ServerMetrics> serverMetrics) {
    this.telemetry = telemetry;
    this.serverMetrics = serverMetrics;
  }

  @ReadOperation
  public Map<String, Object> redlens() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("telemetry", telemetry(telemetry.snapshot()));
    body.put("pools", telemetry.pools().snapshot().stream().map(RedlensEndpoint::pool).toList());
    ServerMetrics metrics = serverMetrics.get();
    body.put(
        "nodes",
        metrics == null ? List.of() : metrics.nodes().stream().map(RedlensEndpoint::node).toList());
    return body;
  }

  private static Map<String, Object> telemetry(TelemetrySnapshot snapshot) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("takenAt", snapshot.takenAt().toString());
    map.put("operations", snapshot.operations());
    map.put("errors", snapshot.errors());
    map.put("errorRate", snapshot.errorRate());
    map.put("slowOperations", snapshot.slowOperations());
    Map<String, Object> cache = new LinkedHashMap<>();
    cache.put("hits", snapshot.cache().hits());
    cache.put("misses", snapshot.cache().misses());
    cache.put("hitRatio", finite(snapshot.cache().hitRatio()));
    cache.put("windowHitRatio", finite(snapshot.cache().windowHitRatio()));
    cache.put("windowSeconds", snapshot.cache().window().toSeconds());
    map.put("cache", cache);
    Map<String, Object> commands = new LinkedHashMap<>();
    snapshot
        .commands()
        .forEach(
            (name, stats) -> {
              Map<String, Object> command = new LinkedHashMap<>();
              command.put("category", stats.category().toString());
              command.put("count", stats.count());
              command.put("errors", stats.errors());
              command.put("errorRate", stats.errorRate());
              command.put("slow", stats.slow());
              command.put("p50Micros", stats.latency().p50Micros());
              command.put("p95Micros", stats.latency().p95Micros());
              command.put("p99Micros", stats.latency().p99Micros());
              command.put("p999Micros", stats.latency().p999Micros());
              command.put("maxMicros", stats.latency().maxMicros());
              command.put("meanMicros", stats.latency().meanMicros());
              commands.put(name, command);
            });
    map.put("commands", commands);
    Map<String, Object> categories = new LinkedHashMap<>();
    snapshot
        .categories()
        .forEach(
            (category, stats) ->
                categories.put(
                    category.toString(),
                    Map.of(
                        "count", stats.count(),
                        "errors", stats.errors(),
                        "errorRate", stats.errorRate())));
    map.put("categories", categories);
    map.put("errorsByType", snapshot.errorsByType());
    return map;
  }

  private static Map<String, Object> pool(PoolSnapshot pool) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("name", pool.name());
    map.put("used", pool.used());
    map.put("idle", pool.idle());
    map.put("max", pool.max());
    map.put("utilization", pool.utilization());
    map.put("pending", pool.pending());
    map.put("timeouts", pool.timeouts());
    map.put("errors", pool.errorCount());
    return map;
  }

  static Map<String, Object> node(NodeStatus node) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("uri", node.uri());
    map.put("address", node.address());
    map.put("port", node.port());
    map.put("up", node.isUp());
    if (node.lastPollTime() != null) {
      map.put("lastPoll", node.lastPollTime().toString());
    }
    if (node.lastSuccessTime() != null) {
      map.put("lastSuccess", node.lastSuccessTime().toString());
    }
    node.error().ifPresent(error -> map.put("error", error));
    map.put("consecutiveFailures", node.consecutiveFailures());
    map.put("pollFailures", node.pollFailures());
    return map;
  }

  /** JSON has no NaN: an undefined ratio (nothing counted yet) is null. */
  private static Double finite(double value) {
    return Double.isNaN(value) ? null : value;
  }
}
