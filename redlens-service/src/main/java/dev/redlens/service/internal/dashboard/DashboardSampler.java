package dev.redlens.service.internal.dashboard;

import dev.redlens.core.TelemetrySnapshot;
import dev.redlens.core.catalog.CommandCategory;
import dev.redlens.info.MemoryInfo;
import dev.redlens.info.NodeStatus;
import dev.redlens.service.internal.runtime.JsonNumbers;
import dev.redlens.service.internal.runtime.ServiceParts;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples what the dashboard draws every {@code REDLENS_DASHBOARD_SAMPLE_INTERVAL} on a daemon
 * thread named {@value #THREAD_NAME}, keeping the last {@code REDLENS_DASHBOARD_HISTORY} samples
 * (constant memory), so that a page opened now shows the recent past at once: operations per second
 * by category, hit ratio, memory, pool utilization and errors per second. Latency percentiles per
 * command are read live from the snapshot.
 */
public final class DashboardSampler implements AutoCloseable {

  public static final String THREAD_NAME = "redlens-service-dashboard";

  private final ServiceParts parts;
  private final int history;
  private final Deque<Map<String, Object>> samples = new ArrayDeque<>();
  private final ScheduledExecutorService executor;
  private TelemetrySnapshot previous;
  private long previousPoolFailures;
  private long previousNanos;

  public DashboardSampler(ServiceParts parts) {
    this.parts = parts;
    this.history = parts.config().dashboardHistory;
    this.previous = parts.redisTelemetry().snapshot();
    this.previousNanos = System.nanoTime();
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, THREAD_NAME);
              t.setDaemon(true);
              return t;
            });
    long millis = Math.max(100, parts.config().dashboardSampleInterval.toMillis());
    executor.scheduleWithFixedDelay(this::sampleSafely, millis, millis, TimeUnit.MILLISECONDS);
  }

  private void sampleSafely() {
    try {
      sample();
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(DashboardSampler.class).warn("dashboard sample failed", e);
    }
  }

  synchronized void sample() {
    TelemetrySnapshot now = parts.redisTelemetry().snapshot();
    long nanos = System.nanoTime();
    double seconds = Math.max(1e-3, (nanos - previousNanos) / 1e9);
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("t", Instant.now().toEpochMilli());
    Map<String, Object> ops = new TreeMap<>();
    for (CommandCategory category : CommandCategory.values()) {
      var after = now.categories().get(category);
      var before = previous.categories().get(category);
      long delta = (after == null ? 0 : after.count()) - (before == null ? 0 : before.count());
      if (after != null) {
        ops.put(category.toString().toLowerCase(Locale.ROOT), delta / seconds);
      }
    }
    s.put("ops_per_second", ops);
    s.put("errors_per_second", (now.errors() - previous.errors()) / seconds);
    long hits = now.cache().hits() - previous.cache().hits();
    long misses = now.cache().misses() - previous.cache().misses();
    Double hitRatio =
        hits + misses == 0
            ? JsonNumbers.finite(now.cache().windowHitRatio())
            : Double.valueOf((double) hits / (hits + misses));
    s.put("hit_ratio", hitRatio);
    Map<String, Object> pool = parts.connector().pool().status();
    long failures = parts.connector().pool().failures();
    s.put("pool_utilization", pool.get("utilization"));
    s.put("pool_active", pool.get("active"));
    s.put("pool_idle", pool.get("idle"));
    s.put("pool_errors_per_second", (failures - previousPoolFailures) / seconds);
    s.putAll(memory());
    previous = now;
    previousNanos = nanos;
    previousPoolFailures = failures;
    samples.addLast(s);
    while (samples.size() > history) {
      samples.removeFirst();
    }
  }

  /**
   * Memory of the collector's last polls: one server's figures, or the sums over every node of a
   * cluster or Sentinel setup (fragmentation: RSS over used memory of them all).
   */
  private Map<String, Object> memory() {
    Map<String, Object> m = new LinkedHashMap<>();
    if (parts.serverMetrics() == null) {
      return m;
    }
    List<MemoryInfo> memories = new ArrayList<>();
    for (NodeStatus node : parts.serverMetrics().nodes()) {
      if (node.lastSnapshot() != null) {
        memories.add(node.lastSnapshot().memory());
      }
    }
    if (memories.size() == 1) {
      MemoryInfo memory = memories.get(0);
      memory.usedMemory().ifPresent(v -> m.put("memory_used", v));
      memory.usedMemoryRss().ifPresent(v -> m.put("memory_rss", v));
      memory.fragmentationRatio().ifPresent(v -> m.put("memory_fragmentation", v));
    } else if (!memories.isEmpty()) {
      long used = memories.stream().mapToLong(x -> x.usedMemory().orElse(0)).sum();
      long rss = memories.stream().mapToLong(x -> x.usedMemoryRss().orElse(0)).sum();
      m.put("memory_used", used);
      m.put("memory_rss", rss);
      if (used > 0) {
        m.put("memory_fragmentation", (double) rss / used);
      }
    }
    return m;
  }

  /** Every node: its last PING (the health check) and memory (the collector's last poll). */
  private List<Map<String, Object>> nodes() {
    Object pinged = parts.health().last().describe().get("nodes");
    List<Map<String, Object>> nodes = new ArrayList<>();
    if (!(pinged instanceof List<?> list)) {
      return nodes;
    }
    for (Object entry : list) {
      @SuppressWarnings("unchecked")
      Map<String, Object> node = new LinkedHashMap<>((Map<String, Object>) entry);
      if (parts.serverMetrics() != null) {
        for (NodeStatus polled : parts.serverMetrics().nodes()) {
          String key = polled.address() + ":" + polled.port();
          if (key.equals(node.get("node")) && polled.lastSnapshot() != null) {
            polled.lastSnapshot().memory().usedMemory().ifPresent(v -> node.put("memory_used", v));
          }
        }
      }
      nodes.add(node);
    }
    return nodes;
  }

  /** The samples and the current per-command latency, for {@code GET /dashboard/data}. */
  public synchronized Map<String, Object> data() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("sample_interval_ms", parts.config().dashboardSampleInterval.toMillis());
    d.put("samples", new ArrayList<>(samples));
    TelemetrySnapshot now = parts.redisTelemetry().snapshot();
    List<Map<String, Object>> latency = new ArrayList<>();
    now.commands().values().stream()
        .sorted((a, b) -> Long.compare(b.count(), a.count()))
        .limit(10)
        .forEach(
            c -> {
              Map<String, Object> l = new LinkedHashMap<>();
              l.put("command", c.name());
              l.put("count", c.count());
              l.put("p50_ms", c.latency().p50Micros() / 1000.0);
              l.put("p95_ms", c.latency().p95Micros() / 1000.0);
              l.put("p99_ms", c.latency().p99Micros() / 1000.0);
              latency.add(l);
            });
    d.put("latency_by_command", latency);
    Map<String, Object> totals = new LinkedHashMap<>();
    totals.put("operations", now.operations());
    totals.put("errors", now.errors());
    totals.put("slow_operations", now.slowOperations());
    totals.put("hit_ratio", JsonNumbers.finite(now.cache().hitRatio()));
    totals.put("errors_by_type", new TreeMap<>(now.errorsByType()));
    d.put("totals", totals);
    d.put("pool", parts.connector().pool().status());
    d.put("redis", parts.health().last().describe());
    d.put("redis_uri", parts.connector().displayUri());
    d.put("nodes", nodes());
    return d;
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
