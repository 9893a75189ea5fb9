package dev.redlens.deploy;

import dev.redlens.service.RedlensServer;
import dev.redlens.testing.RedisServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * A {@code redlens-service} started in-process in front of a Redis primary (with {@code maxmemory}
 * set, so the memory-ratio panels have a denominator) and one replica (so the replication panels
 * have a replica to report), configured only through the service's documented environment
 * variables; and the traffic the dashboard needs to show something: writes and reads in two
 * projects, cache hits and misses, error replies, and one command made slow by pausing the server,
 * which also makes the collector's {@code INFO} polls time out.
 */
final class ServiceUnderLoad implements AutoCloseable {

  static final String PROJECT_A = UUID.randomUUID().toString();
  static final String PROJECT_B = UUID.randomUUID().toString();

  final RedisServer redis;
  final RedisServer replica;
  final RedlensServer service;

  private ServiceUnderLoad(RedisServer redis, RedisServer replica, RedlensServer service) {
    this.redis = redis;
    this.replica = replica;
    this.service = service;
  }

  static ServiceUnderLoad start() {
    RedisServer redis =
        RedisServer.builder()
            .config("maxmemory", "256mb")
            .config("maxmemory-policy", "allkeys-lru")
            .start();
    RedisServer replica = null;
    try {
      replica = RedisServer.builder().replicaOf(redis).start();
      // the documented variables (redlens-service/README.md): INFO polls every half second with a
      // one-second timeout, so that pausing the server makes a poll fail; an hour-long hit-ratio
      // window, so that the gauge outlives a slow run of the test
      Map<String, String> env =
          Map.of(
              "REDIS_URL", redis.uri(),
              "REDLENS_HOST", "127.0.0.1",
              "REDLENS_PORT", "0",
              "REDLENS_COLLECTION_INTERVAL", "0.5",
              "REDIS_CONNECTION_TIMEOUT", "1",
              "REDIS_OPERATION_TIMEOUT", "30",
              "REDLENS_SLOW_OPERATION_THRESHOLD_MS", "500",
              "REDLENS_HIT_RATIO_WINDOW", "3600");
      // the documented environment variables: the same surface as running the jar
      RedlensServer service = RedlensServer.start(env);
      return new ServiceUnderLoad(redis, replica, service);
    } catch (RuntimeException | Error e) {
      if (replica != null) {
        replica.close();
      }
      redis.close();
      throw e;
    }
  }

  /** {@code host:port} of the service's HTTP endpoint (and {@code /metrics}). */
  String target() {
    return "127.0.0.1:" + service.port();
  }

  /** Runs the traffic; returns when every request has been answered. */
  void generateLoad() {
    for (String project : new String[] {PROJECT_A, PROJECT_B}) {
      basic("SET", 200, "load", project);
      basic("MIXED", 200, "mixed", project);
      post(
          "/test/redis/cache/performance",
          "{\"total_keys\": 200, \"hit_rate_target\": 0.7, \"project_id\": \"" + project + "\"}");
    }
    post(
        "/test/redis/latency/measurement",
        "{\"command\": \"HSET\", \"iterations\": 300, \"key_size\": 64, \"project_id\": \""
            + PROJECT_A
            + "\"}");
    // error replies: INCR of a value that is not a number (ERR), LPUSH onto a string (WRONGTYPE)
    basic("INCR", 5, "load", PROJECT_A);
    basic("LPUSH", 5, "load", PROJECT_B);
    // a slow command: the server is paused for longer than the slow threshold and the collector's
    // timeout while one request's command waits, so that command is slow and an INFO poll fails
    redis.execute("CLIENT", "PAUSE", "2500", "ALL");
    basic("GET", 1, "load", PROJECT_A);
  }

  private void basic(String operation, int count, String prefix, String project) {
    post(
        "/test/redis/operations/basic",
        "{\"operation\": \""
            + operation
            + "\", \"count\": "
            + count
            + ", \"key_prefix\": \""
            + prefix
            + "\", \"project_id\": \""
            + project
            + "\"}");
  }

  private void post(String path, String json) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + target() + path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
    HttpResponse<String> response = Http.send(request);
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          path + " " + json + " answered " + response.statusCode() + ": " + response.body());
    }
  }

  @Override
  public void close() {
    try {
      service.close();
    } finally {
      try {
        replica.close();
      } finally {
        redis.close();
      }
    }
  }
}
