package dev.redlens.service.internal.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Checks the specification's five acceptance criteria against a running service, through its API
 * and {@code /metrics} only (what the specification's validation script does), and builds the
 * report.
 */
public final class Validator {

  private final String apiUrl;
  private final String projectId;
  private final Consumer<String> verbose;
  private final ServiceClient service;

  public Validator(String apiUrl, String projectId, Consumer<String> verbose) {
    this.apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
    this.projectId = projectId;
    this.verbose = verbose;
    this.service = new ServiceClient(this.apiUrl, verbose);
  }

  /** One criterion's result. */
  public static final class Criterion {
    final int id;
    final String name;
    final List<Map<String, Object>> checks = new ArrayList<>();
    String error;

    Criterion(int id, String name) {
      this.id = id;
      this.name = name;
    }

    void check(String what, boolean passed, Object detail) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("check", what);
      c.put("passed", passed);
      c.put("detail", detail);
      checks.add(c);
    }

    public boolean passed() {
      return error == null
          && !checks.isEmpty()
          && checks.stream().allMatch(c -> (Boolean) c.get("passed"));
    }

    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", id);
      m.put("name", name);
      m.put("passed", passed());
      m.put("error", error);
      m.put("checks", checks);
      return m;
    }
  }

  private interface Body {
    void run(Criterion c) throws Exception;
  }

  /**
   * Runs every criterion and returns the report ({@code passed} is true only if all five passed).
   */
  public Map<String, Object> run() {
    Instant started = Instant.now();
    List<Criterion> criteria = new ArrayList<>();
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("api_url", apiUrl);
    report.put("project_id", projectId);
    report.put("started_at", started.toString());
    String healthError = null;
    try {
      ServiceClient.Response health = service.get("/health");
      report.put("health", health.json() == null ? health.text() : health.json());
      if (health.status() != 200) {
        healthError = "GET /health answered " + health.status();
      }
    } catch (Exception e) {
      healthError = "the service does not answer at " + apiUrl + ": " + e;
    }
    report.put("health_error", healthError);
    criteria.add(
        criterion(1, "Redis client instrumentation capturing operation spans", this::spans));
    criteria.add(
        criterion(2, "Cache hit/miss ratios calculated and exported as metrics", this::cache));
    criteria.add(criterion(3, "Operation latency metrics (GET, SET, DEL, etc.)", this::latency));
    criteria.add(criterion(4, "Memory usage statistics from Redis INFO command", this::memory));
    criteria.add(criterion(5, "Connection pool metrics and error rates", this::pool));
    try {
      ServiceClient.Response cleanup =
          service.post("/test/redis/cleanup?project_id=" + projectId, null);
      report.put("cleanup", cleanup.json() == null ? cleanup.text() : cleanup.json());
    } catch (Exception e) {
      report.put("cleanup", "failed: " + e);
    }
    long passed = criteria.stream().filter(Criterion::passed).count();
    report.put("finished_at", Instant.now().toString());
    report.put("criteria_passed", passed);
    report.put("criteria_total", criteria.size());
    report.put("passed", passed == criteria.size() && healthError == null);
    List<Map<String, Object>> list = new ArrayList<>();
    criteria.forEach(c -> list.add(c.toMap()));
    report.put("criteria", list);
    return report;
  }

  private Criterion criterion(int id, String name, Body body) {
    Criterion c = new Criterion(id, name);
    verbose.accept("Criterion " + id + ": " + name);
    try {
      body.run(c);
    } catch (Exception e) {
      c.error = e.toString();
      verbose.accept("  error: " + e);
    }
    return c;
  }

  // ---- the five criteria
  // ----------------------------------------------------------------------------------

  private void spans(Criterion c) throws Exception {
    long before =
        service
            .get("/test/redis/instrumentation/status")
            .json()
            .path("spans")
            .path("started")
            .asLong();
    for (String op : List.of("SET", "GET", "DEL")) {
      ServiceClient.Response r =
          service.post(
              "/test/redis/operations/basic",
              Map.of(
                  "operation", op, "key_prefix", "validate", "count", 50, "project_id", projectId));
      c.check(op + " x50 answered 200", r.status() == 200, r.status());
      JsonNode inst = r.json().path("instrumentation");
      // exactly: the figures are this request's own, so more would be double recording
      c.check(
          op + ": a span per operation of the request",
          inst.path("spans_created").asLong() == 50,
          "spans_created=" + inst.path("spans_created").asLong());
      c.check(
          op + ": operations recorded by the instrumentation",
          inst.path("operations_recorded").asLong() == 50,
          "operations_recorded=" + inst.path("operations_recorded").asLong());
    }
    // the SET keys are recreated for criterion 5
    service.post(
        "/test/redis/operations/basic",
        Map.of("operation", "SET", "key_prefix", "validate", "count", 50, "project_id", projectId));
    long after =
        service
            .get("/test/redis/instrumentation/status")
            .json()
            .path("spans")
            .path("started")
            .asLong();
    c.check(
        "instrumentation/status counts the new spans",
        after - before >= 150,
        "spans started: +" + (after - before));
    PrometheusText metrics = service.metrics();
    for (String op : List.of("SET", "GET", "DEL")) {
      double n =
          metrics.sum(
              "db_client_operation_duration_seconds_count", Map.of("db_operation_name", op));
      c.check(
          "/metrics: db_client_operation_duration_seconds_count{db_operation_name=\""
              + op
              + "\"} > 0",
          n > 0,
          n);
    }
  }

  private void cache(Criterion c) throws Exception {
    double target = 0.8;
    int total = 500;
    ServiceClient.Response r =
        service.post(
            "/test/redis/cache/performance",
            Map.of("total_keys", total, "hit_rate_target", target, "project_id", projectId));
    c.check("cache/performance answered 200", r.status() == 200, r.status());
    JsonNode measured = r.json().path("measured");
    JsonNode inst = r.json().path("instrumentation");
    double ratio = measured.path("hit_ratio").asDouble(-1);
    c.check(
        "achieved hit ratio equals the target",
        Math.abs(ratio - target) <= 0.5 / total + 1e-9,
        "target=" + target + " achieved=" + ratio);
    c.check(
        "instrumentation saw the hits",
        inst.path("hits").asLong() == measured.path("hits").asLong()
            && measured.path("hits").asLong() > 0,
        "measured=" + measured.path("hits") + " recorded=" + inst.path("hits"));
    c.check(
        "instrumentation saw the misses",
        inst.path("misses").asLong() == measured.path("misses").asLong()
            && measured.path("misses").asLong() > 0,
        "measured=" + measured.path("misses") + " recorded=" + inst.path("misses"));
    c.check(
        "instrumentation computed a hit ratio",
        inst.path("window_hit_ratio").isNumber(),
        "window_hit_ratio=" + inst.path("window_hit_ratio"));
    PrometheusText metrics = service.metrics();
    c.check(
        "/metrics: redis_client_cache_hit_ratio gauge",
        metrics.has("redis_client_cache_hit_ratio"),
        metrics.types().get("redis_client_cache_hit_ratio"));
    double hits =
        metrics.sum("redis_client_cache_requests_total", Map.of("redis_cache_result", "hit"));
    double misses =
        metrics.sum("redis_client_cache_requests_total", Map.of("redis_cache_result", "miss"));
    c.check(
        "/metrics: redis_client_cache_requests_total by hit and miss",
        hits > 0 && misses > 0,
        "hit=" + hits + " miss=" + misses);
  }

  private void latency(Criterion c) throws Exception {
    for (String command : List.of("GET", "SET", "DEL")) {
      ServiceClient.Response r =
          service.post(
              "/test/redis/latency/measurement",
              Map.of(
                  "command", command, "iterations", 200, "key_size", 256, "project_id", projectId));
      c.check(command + ": latency/measurement answered 200", r.status() == 200, r.status());
      JsonNode m = r.json().path("measured_ms");
      double p50 = m.path("p50").asDouble(-1);
      double p95 = m.path("p95").asDouble(-1);
      double p99 = m.path("p99").asDouble(-1);
      c.check(
          command + ": measured p50 <= p95 <= p99",
          p50 > 0 && p50 <= p95 && p95 <= p99,
          "p50=" + p50 + " p95=" + p95 + " p99=" + p99 + " ms");
      JsonNode inst = r.json().path("instrumentation");
      c.check(
          command + ": instrumentation recorded every iteration",
          inst.path("recorded").asLong() == 200,
          "recorded=" + inst.path("recorded").asLong());
      JsonNode l = inst.path("latency_ms");
      c.check(
          command + ": instrumentation percentiles",
          l.path("p50").isNumber()
              && l.path("p99").asDouble() > 0
              && l.path("p50").asDouble() <= l.path("p99").asDouble(),
          "p50=" + l.path("p50") + " p95=" + l.path("p95") + " p99=" + l.path("p99") + " ms");
    }
    PrometheusText metrics = service.metrics();
    c.check(
        "/metrics: db_client_operation_duration_seconds is a histogram",
        "histogram".equals(metrics.types().get("db_client_operation_duration_seconds")),
        metrics.types().get("db_client_operation_duration_seconds"));
    for (String command : List.of("GET", "SET", "DEL")) {
      c.check(
          "/metrics: duration buckets of " + command,
          metrics.has(
              "db_client_operation_duration_seconds_bucket", Map.of("db_operation_name", command)),
          null);
    }
  }

  private void memory(Criterion c) throws Exception {
    ServiceClient.Response r = service.get("/test/redis/memory/usage?project_id=" + projectId);
    c.check("memory/usage answered 200", r.status() == 200, r.status());
    JsonNode m = r.json().path("memory");
    c.check("used_memory > 0", m.path("used_memory").asLong() > 0, m.path("used_memory").asLong());
    c.check(
        "used_memory_rss > 0",
        m.path("used_memory_rss").asLong() > 0,
        m.path("used_memory_rss").asLong());
    c.check(
        "used_memory_peak > 0",
        m.path("used_memory_peak").asLong() > 0,
        m.path("used_memory_peak").asLong());
    c.check(
        "fragmentation ratio",
        m.path("fragmentation_ratio").asDouble() > 0,
        m.path("fragmentation_ratio"));
    c.check("allocator", m.path("allocator").isTextual(), m.path("allocator"));
    c.check("maxmemory policy", m.path("maxmemory_policy").isTextual(), m.path("maxmemory_policy"));
    c.check(
        "project memory usage",
        r.json().path("project").path("keys_sampled").asLong() > 0,
        r.json().path("project"));
    // gauges are evidence only while the collector polls successfully: a stale value says nothing
    JsonNode collector = r.json().path("collector");
    double age = collector.path("last_success_age_s").asDouble(Double.MAX_VALUE);
    double interval = collector.path("interval_s").asDouble(0);
    c.check(
        "server-metrics collector polled successfully within two intervals",
        "up".equals(collector.path("state").asText()) && age <= 2 * interval + 1,
        "state=" + collector.path("state").asText() + " last_success_age_s=" + age);
    PrometheusText metrics = service.metrics();
    for (String name :
        List.of(
            "redis_memory_used_bytes",
            "redis_memory_rss_bytes",
            "redis_memory_fragmentation_ratio")) {
      c.check("/metrics: " + name, metrics.has(name), null);
    }
  }

  private void pool(Criterion c) throws Exception {
    // INCR on the string values written by criterion 1 fails with ERR: the error rate must show it
    ServiceClient.Response failing =
        service.post(
            "/test/redis/operations/basic",
            Map.of(
                "operation",
                "INCR",
                "key_prefix",
                "validate",
                "count",
                10,
                "project_id",
                projectId));
    c.check(
        "INCR on non-integer values fails per operation (200, failed=10)",
        failing.status() == 200 && failing.json().path("failed").asLong() == 10,
        "status=" + failing.status() + " failed=" + failing.json().path("failed"));
    ServiceClient.Response r =
        service.get("/test/redis/connection/pool/status?project_id=" + projectId);
    c.check("connection/pool/status answered 200", r.status() == 200, r.status());
    JsonNode pool = r.json().path("pool");
    c.check("pool max connections > 0", pool.path("max").asInt() > 0, pool.path("max"));
    double utilization = pool.path("utilization").asDouble(-1);
    c.check("pool utilization in [0, 1]", utilization >= 0 && utilization <= 1, utilization);
    c.check(
        "active and idle connections reported",
        pool.path("active").isNumber() && pool.path("idle").isNumber(),
        "active=" + pool.path("active") + " idle=" + pool.path("idle"));
    JsonNode errors = r.json().path("errors");
    c.check(
        "error rate reported and > 0",
        errors.path("error_rate").asDouble() > 0,
        errors.path("error_rate"));
    c.check(
        "errors by type include command errors",
        errors.path("by_type").path("command").asLong() >= 10,
        errors.path("by_type"));
    PrometheusText metrics = service.metrics();
    c.check(
        "/metrics: db_client_connection_count by state",
        metrics.has("db_client_connection_count", Map.of("db_client_connection_state", "idle"))
            && metrics.has(
                "db_client_connection_count", Map.of("db_client_connection_state", "used")),
        null);
    c.check("/metrics: db_client_connection_max", metrics.has("db_client_connection_max"), null);
    double commandErrors =
        metrics.sum("redis_client_operation_errors_total", Map.of("error_type", "command"));
    c.check(
        "/metrics: redis_client_operation_errors_total{error_type=\"command\"} > 0",
        commandErrors > 0,
        commandErrors);
  }
}
