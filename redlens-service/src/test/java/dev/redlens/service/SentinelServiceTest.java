package dev.redlens.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.redlens.service.internal.validate.PrometheusText;
import dev.redlens.testing.RedisSentinel;
import dev.redlens.testing.RedisServer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API behind Sentinel: the service started from {@code REDIS_URL=redis-sentinel://…#mymaster}
 * (Lettuce's form) works on the master the sentinels name, shows the master and its replica, and
 * {@code validate} passes.
 */
class SentinelServiceTest {

  static RedisSentinel sentinel;
  static ServiceUnderTest sut;

  @BeforeAll
  static void start() {
    sentinel = RedisSentinel.builder().replicas(1).sentinels(1).start();
    try {
      sut = ServiceUnderTest.startWithEnv(Map.of("REDIS_URL", sentinel.uri()));
    } catch (RuntimeException e) {
      sentinel.close();
      throw e;
    }
  }

  @AfterAll
  static void stop() {
    try {
      sut.close();
    } finally {
      sentinel.close();
    }
  }

  private static String address(RedisServer node) {
    return node.host() + ":" + node.port();
  }

  private static Set<String> nodesOf(JsonNode list) {
    return StreamSupport.stream(list.spliterator(), false)
        .map(n -> n.path("node").asText() + " " + n.path("role").asText())
        .collect(Collectors.toSet());
  }

  private static Set<String> expectedNodes() {
    return Set.of(
        address(sentinel.master()) + " master", address(sentinel.replicas().get(0)) + " replica");
  }

  @Test
  void operationsRunOnTheMasterTheSentinelsName() {
    String project = UUID.randomUUID().toString();
    String master = Integer.toString(sentinel.master().port());
    double before = setPointsOn(master);
    var answer =
        sut.post(
            "/test/redis/operations/basic",
            "{\"operation\": \"SET\", \"count\": 30, \"project_id\": \"" + project + "\"}");
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.json().path("instrumentation").path("spans_created").asLong()).isEqualTo(30);
    assertThat(sentinel.master().execute("EXISTS", "project:{" + project + "}:test:0"))
        .isEqualTo("1");
    // recorded on the master, not on a sentinel or a default address
    assertThat(setPointsOn(master) - before).isEqualTo(30.0);

    var cleanup = sut.post("/test/redis/cleanup?project_id=" + project, null);
    assertThat(cleanup.status()).as(cleanup.body()).isEqualTo(200);
    assertThat(cleanup.json().path("deleted_keys").asLong()).isEqualTo(30);
  }

  private static double setPointsOn(String port) {
    return PrometheusText.parse(sut.get("/metrics").body())
        .sum(
            "db_client_operation_duration_seconds_count",
            Map.of("db_operation_name", "SET", "server_port", port));
  }

  @Test
  void memoryHealthAndPoolShowTheMasterAndItsReplica() {
    var memory = sut.get("/test/redis/memory/usage");
    assertThat(memory.status()).as(memory.body()).isEqualTo(200);
    assertThat(memory.json().path("topology").asText()).isEqualTo("sentinel");
    assertThat(memory.json().path("node").asText()).isEqualTo(address(sentinel.master()));
    assertThat(nodesOf(memory.json().path("nodes"))).isEqualTo(expectedNodes());

    var health = sut.get("/health");
    assertThat(health.status()).as(health.body()).isEqualTo(200);
    JsonNode redis = health.json().path("parts").path("redis");
    assertThat(redis.path("uri").asText()).isEqualTo(sentinel.uri());
    assertThat(nodesOf(redis.path("nodes"))).isEqualTo(expectedNodes());

    var pool = sut.get("/test/redis/connection/pool/status");
    assertThat(pool.status()).as(pool.body()).isEqualTo(200);
    assertThat(pool.json().path("pool").path("name").asText()).startsWith("mymaster@");
    assertThat(nodesOf(pool.json().path("redis").path("nodes"))).isEqualTo(expectedNodes());
  }

  @Test
  void validatePasses(@TempDir Path dir) throws Exception {
    ValidateRun.assertPasses(sut.baseUrl, dir.resolve("report.json"));
  }
}
