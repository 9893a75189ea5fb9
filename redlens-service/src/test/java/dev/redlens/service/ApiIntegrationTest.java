package dev.redlens.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every endpoint of the specification, driven with its example bodies against a real Redis. */
class ApiIntegrationTest {

  static ServiceUnderTest sut;
  static final String PROJECT = UUID.randomUUID().toString();

  @BeforeAll
  static void start() {
    sut = ServiceUnderTest.start();
  }

  @AfterAll
  static void stop() {
    sut.close();
  }

  @Test
  void basicOperationsWithTheSpecificationsExampleBody() {
    var answer =
        sut.post(
            "/test/redis/operations/basic",
            "{\"operation\": \"SET\", \"key_prefix\": \"test\", \"count\": 100, \"project_id\": \""
                + PROJECT
                + "\"}");
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.contentType()).startsWith("application/json");
    JsonNode json = answer.json();
    assertThat(json.path("succeeded").asLong()).isEqualTo(100);
    assertThat(json.path("failed").asLong()).isZero();
    // redlens-project's default namespace: the braces make the uuid a Redis Cluster hash tag
    assertThat(json.path("key_pattern").asText()).isEqualTo("project:{" + PROJECT + "}:test:*");
    assertThat(json.path("instrumentation").path("spans_created").asLong()).isEqualTo(100);
    assertThat(json.path("instrumentation").path("operations_recorded").asLong()).isEqualTo(100);
    assertThat(json.path("instrumentation").path("commands").path("SET").path("category").asText())
        .isEqualTo("write");
    // the keys are in the project's namespace on the server
    assertThat(sut.redis.execute("EXISTS", "project:{" + PROJECT + "}:test:0")).isEqualTo("1");
  }

  @Test
  void everyBasicOperationRuns() {
    for (String op : dev.redlens.service.internal.api.Operations.BASIC_OPERATIONS) {
      var answer =
          sut.post(
              "/test/redis/operations/basic",
              "{\"operation\": \""
                  + op.toLowerCase()
                  + "\", \"key_prefix\": \"all-"
                  + op
                  + "\", \"count\": 3, "
                  + "\"project_id\": \""
                  + PROJECT
                  + "\"}");
      assertThat(answer.status()).as(op + ": " + answer.body()).isEqualTo(200);
      assertThat(answer.json().path("operations_executed").asLong())
          .as(op)
          .isEqualTo(op.equals("MIXED") ? 9 : 3);
      // each command it ran has its lifetime figures, even on its first run in the service
      for (String command :
          op.equals("MIXED") ? java.util.List.of("SET", "GET", "DEL") : java.util.List.of(op)) {
        JsonNode figures = answer.json().path("instrumentation").path("commands").path(command);
        assertThat(figures.path("category").asText()).as(op + " " + command).isNotEmpty();
        assertThat(figures.path("latency_ms").path("max").asDouble())
            .as(op + " " + command)
            .isPositive();
      }
    }
  }

  @Test
  void commandErrorsAreCountedNotFatal() {
    sut.post(
        "/test/redis/operations/basic",
        "{\"operation\": \"SET\", \"key_prefix\": \"errs\", \"count\": 5, \"project_id\": \""
            + PROJECT
            + "\"}");
    var answer =
        sut.post(
            "/test/redis/operations/basic",
            "{\"operation\": \"INCR\", \"key_prefix\": \"errs\", \"count\": 5, \"project_id\": \""
                + PROJECT
                + "\"}");
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().path("failed").asLong()).isEqualTo(5);
    assertThat(answer.json().path("errors_by_status").path("ERR").asLong()).isEqualTo(5);
    assertThat(answer.json().path("instrumentation").path("errors_recorded").asLong()).isEqualTo(5);
  }

  @Test
  void cachePerformanceReachesTheTargetAndTheInstrumentationSeesIt() {
    var answer =
        sut.post(
            "/test/redis/cache/performance",
            "{\"total_keys\": 1000, \"hit_rate_target\": 0.8, \"project_id\": \""
                + PROJECT
                + "\"}");
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    JsonNode json = answer.json();
    assertThat(json.path("measured").path("hits").asLong()).isEqualTo(800);
    assertThat(json.path("measured").path("misses").asLong()).isEqualTo(200);
    assertThat(json.path("measured").path("hit_ratio").asDouble()).isEqualTo(0.8);
    assertThat(json.path("target_met").asBoolean()).isTrue();
    assertThat(json.path("instrumentation").path("hits").asLong()).isGreaterThanOrEqualTo(800);
    assertThat(json.path("instrumentation").path("misses").asLong()).isGreaterThanOrEqualTo(200);
    assertThat(json.path("instrumentation").path("window_hit_ratio").isNumber()).isTrue();
  }

  @Test
  void latencyMeasurementReportsBothViews() {
    var answer =
        sut.post(
            "/test/redis/latency/measurement",
            "{\"command\": \"GET\", \"iterations\": 1000, \"key_size\": 256, \"project_id\": \""
                + PROJECT
                + "\"}");
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    JsonNode json = answer.json();
    JsonNode measured = json.path("measured_ms");
    assertThat(measured.path("p50").asDouble()).isPositive();
    assertThat(measured.path("p50").asDouble())
        .isLessThanOrEqualTo(measured.path("p95").asDouble());
    assertThat(measured.path("p95").asDouble())
        .isLessThanOrEqualTo(measured.path("p99").asDouble());
    assertThat(json.path("instrumentation").path("recorded").asLong()).isEqualTo(1000);
    assertThat(json.path("instrumentation").path("latency_ms").path("p99").asDouble()).isPositive();
    for (String command : dev.redlens.service.internal.api.Operations.LATENCY_COMMANDS) {
      var each =
          sut.post(
              "/test/redis/latency/measurement",
              "{\"command\": \""
                  + command
                  + "\", \"iterations\": 20, \"key_size\": 16, \"project_id\": \""
                  + PROJECT
                  + "\"}");
      assertThat(each.status()).as(command + ": " + each.body()).isEqualTo(200);
      assertThat(each.json().path("errors").asLong()).as(command).isZero();
    }
  }

  @Test
  void memoryUsageReportsInfoFigures() {
    sut.post(
        "/test/redis/operations/basic",
        "{\"operation\": \"SET\", \"key_prefix\": \"mem\", \"count\": 10, \"project_id\": \""
            + PROJECT
            + "\"}");
    var answer = sut.get("/test/redis/memory/usage?project_id=" + PROJECT);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    JsonNode memory = answer.json().path("memory");
    assertThat(memory.path("used_memory").asLong()).isPositive();
    assertThat(memory.path("used_memory_rss").asLong()).isPositive();
    assertThat(memory.path("used_memory_peak").asLong()).isPositive();
    assertThat(memory.path("fragmentation_ratio").asDouble()).isPositive();
    assertThat(memory.path("allocator").asText()).isNotEmpty();
    assertThat(memory.path("maxmemory_policy").asText()).isNotEmpty();
    assertThat(answer.json().path("project").path("keys_sampled").asLong())
        .isGreaterThanOrEqualTo(10);
    assertThat(sut.get("/test/redis/memory/usage").status()).isEqualTo(200);
  }

  @Test
  void poolStatusReportsThePool() {
    var answer = sut.get("/test/redis/connection/pool/status?project_id=" + PROJECT);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    JsonNode pool = answer.json().path("pool");
    assertThat(pool.path("max").asInt()).isEqualTo(10);
    assertThat(pool.path("utilization").asDouble()).isBetween(0.0, 1.0);
    assertThat(pool.has("active") && pool.has("idle") && pool.has("waiters")).isTrue();
    assertThat(answer.json().path("errors").has("error_rate")).isTrue();
  }

  @Test
  void instrumentationStatusSaysWhatIsEnabled() {
    var answer = sut.get("/test/redis/instrumentation/status");
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    JsonNode json = answer.json();
    assertThat(json.path("enabled").path("tracing").asBoolean()).isTrue();
    assertThat(json.path("enabled").path("server_metrics_collector").asBoolean()).isTrue();
    assertThat(json.path("exporters").path("otlp").path("enabled").asBoolean()).isFalse();
    assertThat(json.path("collector").has("last_poll")).isTrue();
    assertThat(json.path("config").path("redis_max_connections").asInt()).isEqualTo(10);
  }

  @Test
  void cleanupDeletesOnlyTheProjectsKeys() {
    String project = UUID.randomUUID().toString();
    String other = UUID.randomUUID().toString();
    for (String p : new String[] {project, other}) {
      sut.post(
          "/test/redis/operations/basic",
          "{\"operation\": \"SET\", \"key_prefix\": \"c\", \"count\": 25, \"project_id\": \""
              + p
              + "\"}");
    }
    var answer = sut.post("/test/redis/cleanup?project_id=" + project, null);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.json().path("deleted_keys").asLong()).isEqualTo(25);
    assertThat(sut.redis.execute("EXISTS", "project:{" + other + "}:c:0")).isEqualTo("1");
    assertThat(
            sut.post("/test/redis/cleanup?project_id=" + project, null)
                .json()
                .path("deleted_keys")
                .asLong())
        .isZero();
  }

  @Test
  void healthIsOkWithRedisUp() {
    var answer = sut.get("/health");
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().path("parts").path("redis").path("status").asText()).isEqualTo("up");
    assertThat(answer.json().path("parts").has("collector")).isTrue();
    assertThat(answer.json().path("parts").path("exporters").path("otlp").asText())
        .isEqualTo("disabled");
  }

  @Test
  void unknownPathsAndMethodsAnswerJson() {
    var missing = sut.get("/nope");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().path("error").asText()).isEqualTo("not_found");
    var wrongMethod = sut.get("/test/redis/operations/basic");
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.json().path("error").asText()).isEqualTo("method_not_allowed");
  }
}
