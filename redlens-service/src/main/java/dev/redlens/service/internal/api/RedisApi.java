package dev.redlens.service.internal.api;

import dev.redlens.core.TelemetrySnapshot;
import dev.redlens.core.TelemetrySnapshot.CommandStatistics;
import dev.redlens.info.InfoSnapshot;
import dev.redlens.info.MemoryInfo;
import dev.redlens.info.NodeStatus;
import dev.redlens.project.ProjectKeyspace;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.opentelemetry.api.trace.Span;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * The specification's test endpoints: each runs its Redis commands through the instrumented, pooled
 * client on keys confined to the request's project (redlens-project's {@link ProjectKeyspace}: the
 * endpoints name keys relative to the project, the library sends them as {@code project:{uuid}:…}
 * and records each command once with {@code redlens.project.id}) and answers what it measured
 * itself next to what the instrumentation recorded, so that a person (and {@code validate}) can
 * check each acceptance criterion.
 */
public final class RedisApi {

  public static final Set<String> BASIC_OPERATIONS =
      Set.of(
          "SET",
          "GET",
          "DEL",
          "EXISTS",
          "INCR",
          "DECR",
          "APPEND",
          "STRLEN",
          "EXPIRE",
          "TTL",
          "HSET",
          "HGET",
          "HGETALL",
          "HDEL",
          "LPUSH",
          "RPUSH",
          "LPOP",
          "LRANGE",
          "SADD",
          "SREM",
          "SMEMBERS",
          "SISMEMBER",
          "ZADD",
          "ZSCORE",
          "ZRANGE",
          "PING",
          "MIXED");
  public static final Set<String> LATENCY_COMMANDS =
      Set.of(
          "GET",
          "SET",
          "DEL",
          "EXISTS",
          "INCR",
          "HSET",
          "HGET",
          "LPUSH",
          "LPOP",
          "SADD",
          "SISMEMBER",
          "ZADD",
          "ZSCORE",
          "PING");
  static final Pattern KEY_PREFIX = Pattern.compile("^[A-Za-z0-9_.:-]{1,64}$");
  static final int MAX_BASIC_COUNT = 10_000;
  static final int MAX_CACHE_KEYS = 50_000;
  static final int MAX_ITERATIONS = 100_000;
  static final int MAX_KEY_SIZE = 65_536;
  static final long MAX_LATENCY_BYTES = 64L << 20;
  static final int MAX_PROJECT_KEYS_SAMPLED = 1_000;
  static final List<String> MEMORY_METRICS =
      List.of(
          "redis.memory.used",
          "redis.memory.rss",
          "redis.memory.peak",
          "redis.memory.fragmentation_ratio",
          "redis.memory.lua",
          "redis.maxmemory");
  static final List<String> POOL_METRICS =
      List.of(
          "db.client.connection.count",
          "db.client.connection.max",
          "db.client.connection.idle.max",
          "db.client.connection.idle.min",
          "db.client.connection.pending_requests",
          "db.client.connection.timeouts",
          "db.client.connection.create_time",
          "db.client.connection.wait_time",
          "db.client.connection.use_time",
          "redis.client.connection.errors",
          "redis.client.operation.errors");
  private static final int PIPELINE = 256;

  private final ServiceParts parts;

  public RedisApi(ServiceParts parts) {
    this.parts = parts;
  }

  // ---- POST /test/redis/operations/basic
  // -------------------------------------------------------------------

  public Map<String, Object> basicOperations(JsonBody body) {
    String operation = body.choice("operation", null, BASIC_OPERATIONS);
    String keyPrefix =
        body.string(
            "key_prefix",
            "test",
            KEY_PREFIX,
            "must be 1 to 64 characters among letters, digits and _ . : -");
    int count = body.integer("count", 100, 1, MAX_BASIC_COUNT);
    UUID projectId = body.projectId();
    ProjectKeyspace keyspace = parts.connector().keyspace(projectId);
    List<String> commands =
        operation.equals("MIXED") ? List.of("SET", "GET", "DEL") : List.of(operation);

    TelemetrySnapshot before = parts.redisTelemetry().snapshot();
    long start = System.nanoTime();
    Tally tally =
        parts
            .connector()
            .withProjectCommands(
                keyspace,
                redis -> {
                  Tally t = new Tally();
                  for (int i = 0; i < count; i++) {
                    String key = keyPrefix + ":" + i;
                    for (String command : commands) {
                      try {
                        Boolean hit = runBasic(redis, command, key, i);
                        t.succeeded++;
                        if (hit != null) {
                          if (hit) t.hits++;
                          else t.misses++;
                        }
                      } catch (RedisCommandExecutionException e) {
                        t.failed++;
                        t.errors.merge(errorPrefix(e.getMessage()), 1L, Long::sum);
                        if (t.firstError == null) t.firstError = e.getMessage();
                      }
                    }
                  }
                  return t;
                });
    long nanos = System.nanoTime() - start;
    long executed = tally.succeeded + tally.failed;
    TelemetrySnapshot after =
        settle(before, snapshot -> recordedDelta(before, snapshot, commands) >= executed);

    Map<String, Object> r = new LinkedHashMap<>();
    r.put("project_id", projectId.toString());
    r.put("operation", operation);
    r.put("commands", commands);
    r.put("count", count);
    r.put("operations_executed", tally.succeeded + tally.failed);
    r.put("succeeded", tally.succeeded);
    r.put("failed", tally.failed);
    r.put("errors_by_status", tally.errors);
    r.put("first_error", tally.firstError);
    if (tally.hits + tally.misses > 0) {
      r.put("hits", tally.hits);
      r.put("misses", tally.misses);
    }
    r.put("duration_ms", nanos / 1e6);
    r.put("ops_per_second", rate(tally.succeeded + tally.failed, nanos));
    r.put("key_pattern", keyspace.keyPrefix() + keyPrefix + ":*");
    Map<String, Object> inst = new LinkedHashMap<>();
    inst.put("trace_id", Span.current().getSpanContext().getTraceId());
    inst.put(
        "spans_created",
        parts.telemetry().spanCounter().count(Span.current().getSpanContext().getTraceId()));
    Map<String, Object> perCommand = new LinkedHashMap<>();
    long recorded = 0;
    long recordedErrors = 0;
    for (String command : commands) {
      CommandStatistics a = after.command(command);
      CommandStatistics b = before.command(command);
      long n = (a == null ? 0 : a.count()) - (b == null ? 0 : b.count());
      long e = (a == null ? 0 : a.errors()) - (b == null ? 0 : b.errors());
      recorded += n;
      recordedErrors += e;
      Map<String, Object> c = new LinkedHashMap<>();
      c.put(
          "category",
          a == null ? null : a.category().toString().toLowerCase(java.util.Locale.ROOT));
      c.put("recorded", n);
      c.put("errors", e);
      c.put("latency_ms", a == null ? null : latency(a.latency()));
      perCommand.put(command, c);
    }
    inst.put("operations_recorded", recorded);
    inst.put("errors_recorded", recordedErrors);
    inst.put("commands", perCommand);
    inst.put("span_name", commands.get(0));
    inst.put("metric", "db.client.operation.duration");
    r.put("instrumentation", inst);
    return r;
  }

  private static Boolean runBasic(
      RedisCommands<String, String> redis, String command, String key, int i) {
    switch (command) {
      case "SET":
        redis.set(key, "value-" + i);
        return null;
      case "GET":
        return redis.get(key) != null;
      case "DEL":
        redis.del(key);
        return null;
      case "EXISTS":
        redis.exists(key);
        return null;
      case "INCR":
        redis.incr(key);
        return null;
      case "DECR":
        redis.decr(key);
        return null;
      case "APPEND":
        redis.append(key, "x");
        return null;
      case "STRLEN":
        redis.strlen(key);
        return null;
      case "EXPIRE":
        redis.expire(key, 3600);
        return null;
      case "TTL":
        redis.ttl(key);
        return null;
      case "HSET":
        redis.hset(key, "field", "value-" + i);
        return null;
      case "HGET":
        return redis.hget(key, "field") != null;
      case "HGETALL":
        return !redis.hgetall(key).isEmpty();
      case "HDEL":
        redis.hdel(key, "field");
        return null;
      case "LPUSH":
        redis.lpush(key, "value-" + i);
        return null;
      case "RPUSH":
        redis.rpush(key, "value-" + i);
        return null;
      case "LPOP":
        return redis.lpop(key) != null;
      case "LRANGE":
        return !redis.lrange(key, 0, -1).isEmpty();
      case "SADD":
        redis.sadd(key, "member-" + i);
        return null;
      case "SREM":
        redis.srem(key, "member-" + i);
        return null;
      case "SMEMBERS":
        return !redis.smembers(key).isEmpty();
      case "SISMEMBER":
        redis.sismember(key, "member-" + i);
        return null;
      case "ZADD":
        redis.zadd(key, i, "member-" + i);
        return null;
      case "ZSCORE":
        return redis.zscore(key, "member-" + i) != null;
      case "ZRANGE":
        return !redis.zrange(key, 0, -1).isEmpty();
      case "PING":
        redis.ping();
        return null;
      default:
        throw new IllegalStateException("unhandled operation " + command);
    }
  }

  private static final class Tally {
    long succeeded;
    long failed;
    long hits;
    long misses;
    String firstError;
    final Map<String, Long> errors = new TreeMap<>();
  }

  // ---- POST /test/redis/cache/performance
  // ------------------------------------------------------------------

  public Map<String, Object> cachePerformance(JsonBody body) {
    int totalKeys = body.integer("total_keys", 1000, 1, MAX_CACHE_KEYS);
    double target = body.number("hit_rate_target", 0.8, 0.0, 1.0);
    UUID projectId = body.projectId();
    ProjectKeyspace keyspace = parts.connector().keyspace(projectId);
    int present = (int) Math.round(totalKeys * target);
    String run = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFF_FFFFL);
    List<Integer> order = new ArrayList<>(totalKeys);
    for (int i = 0; i < totalKeys; i++) order.add(i);
    Collections.shuffle(order, new Random(run.hashCode()));

    TelemetrySnapshot before = parts.redisTelemetry().snapshot();
    long start = System.nanoTime();
    long[] hitsMisses =
        parts
            .connector()
            .withProject(
                keyspace,
                connection -> {
                  RedisAsyncCommands<String, String> async = connection.async();
                  List<RedisFuture<?>> batch = new ArrayList<>();
                  SetArgs ttl = SetArgs.Builder.ex(600);
                  for (int i = 0; i < present; i++) {
                    batch.add(async.set("cache:" + run + ":" + i, "cached-value-" + i, ttl));
                    if (batch.size() == PIPELINE) await(batch);
                  }
                  await(batch);
                  long hits = 0;
                  long misses = 0;
                  List<RedisFuture<String>> reads = new ArrayList<>();
                  for (int n = 0; n < totalKeys; n++) {
                    reads.add(async.get("cache:" + run + ":" + order.get(n)));
                    if (reads.size() == PIPELINE || n == totalKeys - 1) {
                      for (RedisFuture<String> read : reads) {
                        if (awaitOne(read) != null) hits++;
                        else misses++;
                      }
                      reads.clear();
                    }
                  }
                  return new long[] {hits, misses};
                });
    long nanos = System.nanoTime() - start;
    TelemetrySnapshot after =
        settle(
            before,
            snapshot ->
                snapshot.cache().hits()
                        + snapshot.cache().misses()
                        - before.cache().hits()
                        - before.cache().misses()
                    >= totalKeys);

    long hits = hitsMisses[0];
    long misses = hitsMisses[1];
    double achieved = (double) hits / totalKeys;
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("project_id", projectId.toString());
    r.put("total_keys", totalKeys);
    r.put("hit_rate_target", target);
    r.put("keys_written", present);
    r.put("reads", totalKeys);
    Map<String, Object> measured = new LinkedHashMap<>();
    measured.put("hits", hits);
    measured.put("misses", misses);
    measured.put("hit_ratio", achieved);
    r.put("measured", measured);
    long instHits = after.cache().hits() - before.cache().hits();
    long instMisses = after.cache().misses() - before.cache().misses();
    Map<String, Object> inst = new LinkedHashMap<>();
    inst.put("hits", instHits);
    inst.put("misses", instMisses);
    inst.put(
        "hit_ratio",
        instHits + instMisses == 0 ? null : (double) instHits / (instHits + instMisses));
    inst.put("window_hit_ratio", finite(after.cache().windowHitRatio()));
    inst.put("lifetime_hit_ratio", finite(after.cache().hitRatio()));
    inst.put("window_s", after.cache().window().toMillis() / 1000.0);
    inst.put(
        "spans_created",
        parts.telemetry().spanCounter().count(Span.current().getSpanContext().getTraceId()));
    inst.put("metrics", List.of("redis.client.cache.requests", "redis.client.cache.hit_ratio"));
    r.put("instrumentation", inst);
    // the closest ratio that totalKeys reads can achieve
    r.put("target_met", Math.abs(achieved - target) <= 0.5 / totalKeys + 1e-9);
    r.put("duration_ms", nanos / 1e6);
    r.put("key_pattern", keyspace.keyPrefix() + "cache:" + run + ":*");
    r.put("keys_expire_in_s", 600);
    return r;
  }

  // ---- POST /test/redis/latency/measurement
  // ----------------------------------------------------------------

  public Map<String, Object> latencyMeasurement(JsonBody body) {
    String command = body.choice("command", null, LATENCY_COMMANDS);
    int iterations = body.integer("iterations", 1000, 1, MAX_ITERATIONS);
    int keySize = body.integer("key_size", 256, 1, MAX_KEY_SIZE);
    UUID projectId = body.projectId();
    if ((long) iterations * keySize > MAX_LATENCY_BYTES) {
      throw new BadRequest(
          "iterations",
          "iterations × key_size must not exceed "
              + MAX_LATENCY_BYTES
              + " bytes, got "
              + ((long) iterations * keySize));
    }
    ProjectKeyspace keyspace = parts.connector().keyspace(projectId);
    String run = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFF_FFFFL);
    String key = "latency:" + run;
    char[] chars = new char[keySize];
    Arrays.fill(chars, 'v');
    String value = new String(chars);

    TelemetrySnapshot before = parts.redisTelemetry().snapshot();
    long start = System.nanoTime();
    long[] samples = new long[iterations];
    long[] errors = new long[1];
    parts
        .connector()
        .withProjectCommands(
            keyspace,
            redis -> {
              prepareLatency(redis, command, key, value, iterations);
              for (int i = 0; i < iterations; i++) {
                if (command.equals("DEL")) {
                  redis.set(key, value);
                }
                long t0 = System.nanoTime();
                try {
                  runLatency(redis, command, key, value, i);
                } catch (RedisCommandExecutionException e) {
                  errors[0]++;
                }
                samples[i] = System.nanoTime() - t0;
              }
              redis.unlink(key);
              return null;
            });
    long nanos = System.nanoTime() - start;
    TelemetrySnapshot after =
        settle(before, snapshot -> recordedDelta(before, snapshot, List.of(command)) >= iterations);
    Arrays.sort(samples);
    double sum = 0;
    for (long s : samples) sum += s;

    Map<String, Object> r = new LinkedHashMap<>();
    r.put("project_id", projectId.toString());
    r.put("command", command);
    r.put("iterations", iterations);
    r.put("key_size", keySize);
    r.put("errors", errors[0]);
    Map<String, Object> measured = new LinkedHashMap<>();
    measured.put("min", samples[0] / 1e6);
    measured.put("mean", sum / iterations / 1e6);
    measured.put("p50", percentile(samples, 0.50) / 1e6);
    measured.put("p95", percentile(samples, 0.95) / 1e6);
    measured.put("p99", percentile(samples, 0.99) / 1e6);
    measured.put("max", samples[iterations - 1] / 1e6);
    r.put("measured_ms", measured);
    CommandStatistics a = after.command(command);
    CommandStatistics b = before.command(command);
    Map<String, Object> inst = new LinkedHashMap<>();
    inst.put("command", command);
    inst.put(
        "category", a == null ? null : a.category().toString().toLowerCase(java.util.Locale.ROOT));
    inst.put("recorded", (a == null ? 0 : a.count()) - (b == null ? 0 : b.count()));
    inst.put("total_recorded", a == null ? 0 : a.count());
    inst.put("latency_ms", a == null ? null : latency(a.latency()));
    inst.put(
        "latency_scope",
        "every " + command + " since the service started (HdrHistogram, 1% precision)");
    inst.put("histogram", "db.client.operation.duration");
    inst.put(
        "spans_created",
        parts.telemetry().spanCounter().count(Span.current().getSpanContext().getTraceId()));
    r.put("instrumentation", inst);
    r.put("duration_ms", nanos / 1e6);
    return r;
  }

  private static void prepareLatency(
      RedisCommands<String, String> redis,
      String command,
      String key,
      String value,
      int iterations) {
    switch (command) {
      case "GET":
      case "EXISTS":
        redis.set(key, value);
        break;
      case "HGET":
        redis.hset(key, "field", value);
        break;
      case "SISMEMBER":
        redis.sadd(key, value);
        break;
      case "ZSCORE":
        redis.zadd(key, 1.0, value);
        break;
      case "LPOP":
        {
          List<String> values = new ArrayList<>();
          for (int i = 0; i < iterations; i++) {
            values.add(value);
            if (values.size() == 1000 || i == iterations - 1) {
              redis.rpush(key, values.toArray(new String[0]));
              values.clear();
            }
          }
          break;
        }
      default:
        break;
    }
  }

  private static void runLatency(
      RedisCommands<String, String> redis, String command, String key, String value, int i) {
    switch (command) {
      case "GET":
        redis.get(key);
        break;
      case "SET":
        redis.set(key, value);
        break;
      case "DEL":
        redis.del(key);
        break;
      case "EXISTS":
        redis.exists(key);
        break;
      case "INCR":
        redis.incr(key);
        break;
      case "HSET":
        redis.hset(key, "f" + (i % 1000), value);
        break;
      case "HGET":
        redis.hget(key, "field");
        break;
      case "LPUSH":
        redis.lpush(key, value);
        break;
      case "LPOP":
        redis.lpop(key);
        break;
      case "SADD":
        redis.sadd(key, "m" + (i % 1000) + value);
        break;
      case "SISMEMBER":
        redis.sismember(key, value);
        break;
      case "ZADD":
        redis.zadd(key, i, "m" + (i % 1000));
        break;
      case "ZSCORE":
        redis.zscore(key, value);
        break;
      case "PING":
        redis.ping();
        break;
      default:
        throw new IllegalStateException("unhandled command " + command);
    }
  }

  // ---- GET /test/redis/memory/usage
  // ------------------------------------------------------------------------

  public Map<String, Object> memoryUsage(UUID projectId) {
    InfoSnapshot info =
        parts.connector().withAdmin(connection -> InfoSnapshot.parse(connection.sync().info()));
    MemoryInfo memory = info.memory();
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("source", "INFO (through the instrumented administrative connection)");
    Map<String, Object> server = new LinkedHashMap<>();
    server.put("redis_version", info.server().version().orElse(null));
    server.put("mode", info.server().mode().orElse(null));
    r.put("server", server);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("used_memory", orNull(memory.usedMemory()));
    m.put("used_memory_human", info.get(InfoSnapshot.MEMORY, "used_memory_human").orElse(null));
    m.put("used_memory_rss", orNull(memory.usedMemoryRss()));
    m.put("used_memory_peak", orNull(memory.usedMemoryPeak()));
    m.put("used_memory_lua", orNull(memory.usedMemoryLua()));
    m.put("used_memory_overhead", orNull(memory.usedMemoryOverhead()));
    m.put("used_memory_dataset", orNull(memory.usedMemoryDataset()));
    m.put(
        "fragmentation_ratio",
        memory.fragmentationRatio().isPresent() ? memory.fragmentationRatio().getAsDouble() : null);
    m.put("fragmentation_bytes", orNull(memory.fragmentationBytes()));
    m.put("allocator", memory.allocator().orElse(null));
    m.put("allocator_stats", new TreeMap<>(memory.allocatorStats()));
    m.put("maxmemory", orNull(memory.maxMemory()));
    m.put("maxmemory_policy", memory.maxMemoryPolicy().orElse(null));
    r.put("memory", m);
    r.put("collector", collectorStatus());
    if (projectId != null) {
      ProjectKeyspace keyspace = parts.connector().keyspace(projectId);
      r.put(
          "project",
          parts.connector().withProjectCommands(keyspace, redis -> projectMemory(redis, keyspace)));
    }
    r.put("metrics", MEMORY_METRICS);
    return r;
  }

  /**
   * On the project's scoped connection: SCAN is confined to the project, names come back relative.
   */
  private static Map<String, Object> projectMemory(
      RedisCommands<String, String> redis, ProjectKeyspace keyspace) {
    long keys = 0;
    long bytes = 0;
    boolean truncated = false;
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches("*").limit(500));
      for (String key : page.getKeys()) {
        if (keys >= MAX_PROJECT_KEYS_SAMPLED) {
          truncated = true;
          break;
        }
        Long usage = redis.memoryUsage(key);
        keys++;
        bytes += usage == null ? 0 : usage;
      }
      cursor = page;
    } while (!cursor.isFinished() && !truncated);
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("project_id", keyspace.projectId());
    p.put("key_pattern", keyspace.keyPattern());
    p.put("keys_sampled", keys);
    p.put("memory_usage_bytes", bytes);
    p.put("truncated", truncated);
    return p;
  }

  // ---- GET /test/redis/connection/pool/status
  // --------------------------------------------------------------

  public Map<String, Object> poolStatus(UUID projectId) {
    TelemetrySnapshot snapshot = parts.redisTelemetry().snapshot();
    Map<String, Object> r = new LinkedHashMap<>();
    if (projectId != null) {
      r.put("project_id", projectId.toString());
    }
    r.put("pool", parts.connector().pool().status());
    Map<String, Object> errors = new LinkedHashMap<>();
    errors.put("operations", snapshot.operations());
    errors.put("operation_errors", snapshot.errors());
    errors.put("error_rate", snapshot.errorRate());
    errors.put("by_type", new TreeMap<>(snapshot.errorsByType()));
    Map<String, Object> byCategory = new TreeMap<>();
    snapshot
        .categories()
        .forEach(
            (category, stats) -> {
              Map<String, Object> c = new LinkedHashMap<>();
              c.put("count", stats.count());
              c.put("errors", stats.errors());
              c.put("error_rate", stats.errorRate());
              byCategory.put(category.toString().toLowerCase(java.util.Locale.ROOT), c);
            });
    errors.put("by_category", byCategory);
    errors.put("pool_failures", parts.connector().pool().failures());
    r.put("errors", errors);
    r.put("redis", parts.health().last().describe());
    r.put("metrics", POOL_METRICS);
    return r;
  }

  // ---- GET /test/redis/instrumentation/status
  // --------------------------------------------------------------

  public Map<String, Object> instrumentationStatus() {
    TelemetrySnapshot snapshot = parts.redisTelemetry().snapshot();
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("service", parts.config().env.getOrDefault("OTEL_SERVICE_NAME", "redlens-service"));
    r.put("started_at", parts.startedAt().toString());
    Map<String, Object> enabled = new LinkedHashMap<>();
    enabled.put("tracing", true);
    enabled.put("metrics", true);
    enabled.put(
        "client_instrumentation",
        "lettuce: project connections recorded by ProjectKeyspace.withTelemetry (redlens.project.id), the"
            + " administrative connection by LettuceTelemetry; one span per command");
    enabled.put("connection_pool_metrics", true);
    enabled.put("server_metrics_collector", parts.serverMetrics() != null);
    enabled.put("prometheus", true);
    enabled.put("otlp", parts.telemetry().otlpEnabled());
    enabled.put(
        "project_isolation",
        "redlens-project ProjectKeyspace: key namespace "
            + ProjectKeyspace.DEFAULT_PREFIX_TEMPLATE.replace("%s", "<project_id>"));
    r.put("enabled", enabled);
    Map<String, Object> spans = new LinkedHashMap<>();
    spans.put("started", parts.telemetry().spanCounter().started());
    spans.put("ended", parts.telemetry().spanCounter().ended());
    spans.put("with_error", parts.telemetry().spanCounter().errors());
    spans.put("instrumentation_scope", "dev.redlens");
    r.put("spans", spans);
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("operations", snapshot.operations());
    metrics.put("errors", snapshot.errors());
    metrics.put("error_rate", snapshot.errorRate());
    metrics.put("slow_operations", snapshot.slowOperations());
    metrics.put("commands_seen", snapshot.commands().size());
    metrics.put("cache_hits", snapshot.cache().hits());
    metrics.put("cache_misses", snapshot.cache().misses());
    metrics.put("hit_ratio", finite(snapshot.cache().hitRatio()));
    metrics.put("window_hit_ratio", finite(snapshot.cache().windowHitRatio()));
    metrics.put("errors_by_type", new TreeMap<>(snapshot.errorsByType()));
    Map<String, Object> perCommand = new TreeMap<>();
    snapshot
        .commands()
        .forEach(
            (name, stats) -> {
              Map<String, Object> c = new LinkedHashMap<>();
              c.put("count", stats.count());
              c.put("errors", stats.errors());
              c.put("latency_ms", latency(stats.latency()));
              perCommand.put(name, c);
            });
    metrics.put("commands", perCommand);
    r.put("metrics", metrics);
    r.put("exporters", parts.telemetry().describeExporters());
    r.put("collector", collectorStatus());
    Map<String, Object> redis = new LinkedHashMap<>();
    redis.put("uri", parts.connector().displayUri());
    redis.put("source", parts.redisSource());
    redis.put("health", parts.health().last().describe());
    r.put("redis", redis);
    r.put("config", parts.config().describe());
    return r;
  }

  Map<String, Object> collectorStatus() {
    Map<String, Object> c = new LinkedHashMap<>();
    if (parts.serverMetrics() == null) {
      c.put("state", "not running");
      c.put("error", parts.collectorError());
      return c;
    }
    c.put("interval_s", parts.config().collectionInterval.toMillis() / 1000.0);
    List<NodeStatus> nodes = parts.serverMetrics().nodes();
    NodeStatus node = nodes.isEmpty() ? null : nodes.get(0);
    if (node == null) {
      c.put("state", "no nodes");
      return c;
    }
    c.put("state", node.lastPollTime() == null ? "starting" : node.isUp() ? "up" : "failing");
    c.put("node", node.uri());
    c.put("last_poll", node.lastPollTime() == null ? null : node.lastPollTime().toString());
    c.put(
        "last_success", node.lastSuccessTime() == null ? null : node.lastSuccessTime().toString());
    c.put(
        "last_poll_ms",
        node.lastPollDuration() == null ? null : node.lastPollDuration().toNanos() / 1e6);
    c.put("last_error", node.lastError());
    c.put("last_warning", node.lastWarning());
    c.put("poll_failures", node.pollFailures());
    return c;
  }

  // ---- POST /test/redis/cleanup
  // ----------------------------------------------------------------------------

  public Map<String, Object> cleanup(UUID projectId) {
    ProjectKeyspace keyspace = parts.connector().keyspace(projectId);
    long start = System.nanoTime();
    long deleted = parts.connector().deleteProjectKeys(keyspace);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("project_id", projectId.toString());
    r.put("key_pattern", keyspace.keyPattern());
    r.put("deleted_keys", deleted);
    r.put("duration_ms", (System.nanoTime() - start) / 1e6);
    return r;
  }

  // ---- helpers
  // ---------------------------------------------------------------------------------------------

  /**
   * The snapshot once {@code done} holds, or after at most {@link #SETTLE_NANOS}. Lettuce completes
   * the caller's future a few microseconds before the instrumentation records the command, so the
   * last commands of a request may not be in a snapshot taken the moment it finishes.
   */
  private TelemetrySnapshot settle(
      TelemetrySnapshot before, java.util.function.Predicate<TelemetrySnapshot> done) {
    long deadline = System.nanoTime() + SETTLE_NANOS;
    TelemetrySnapshot snapshot = parts.redisTelemetry().snapshot();
    while (!done.test(snapshot) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      snapshot = parts.redisTelemetry().snapshot();
    }
    return snapshot;
  }

  private static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(2);

  private static long recordedDelta(
      TelemetrySnapshot before, TelemetrySnapshot after, List<String> commands) {
    long n = 0;
    for (String command : commands) {
      CommandStatistics a = after.command(command);
      CommandStatistics b = before.command(command);
      n += (a == null ? 0 : a.count()) - (b == null ? 0 : b.count());
    }
    return n;
  }

  static Map<String, Object> latency(TelemetrySnapshot.Latency l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("p50", l.p50Micros() / 1000.0);
    m.put("p95", l.p95Micros() / 1000.0);
    m.put("p99", l.p99Micros() / 1000.0);
    m.put("p999", l.p999Micros() / 1000.0);
    m.put("max", l.maxMicros() / 1000.0);
    m.put("mean", l.meanMicros() / 1000.0);
    return m;
  }

  private static long percentile(long[] sorted, double p) {
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  static Double finite(double d) {
    return Double.isFinite(d) ? d : null;
  }

  private static Long orNull(java.util.OptionalLong v) {
    return v.isPresent() ? v.getAsLong() : null;
  }

  private static double rate(long n, long nanos) {
    return nanos <= 0 ? 0 : n / (nanos / 1e9);
  }

  private static String errorPrefix(String message) {
    if (message == null || message.isBlank()) return "ERR";
    int space = message.indexOf(' ');
    return space < 0 ? message : message.substring(0, space);
  }

  private void await(List<RedisFuture<?>> batch) {
    for (RedisFuture<?> future : batch) {
      awaitOne(future);
    }
    batch.clear();
  }

  private <T> T awaitOne(RedisFuture<T> future) {
    try {
      return future.get(parts.config().operationTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) throw runtime;
      throw new io.lettuce.core.RedisException(cause);
    } catch (TimeoutException e) {
      throw new io.lettuce.core.RedisCommandTimeoutException(
          "no reply within " + parts.config().operationTimeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new io.lettuce.core.RedisCommandInterruptedException(e);
    }
  }
}
