package dev.redlens.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redlens.service.internal.validate.PrometheusText;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics}: valid Prometheus exposition with the telemetry contract's names;
 * OpenMetrics on request.
 */
class MetricsEndpointTest {

  static ServiceUnderTest sut;
  static final String P = UUID.randomUUID().toString();

  @BeforeAll
  static void start() {
    sut = ServiceUnderTest.start(b -> b.env("REDLENS_IGNORED", "x"));
    sut.post(
        "/test/redis/operations/basic",
        "{\"operation\": \"SET\", \"count\": 20, \"key_prefix\": \"m\", \"project_id\": \""
            + P
            + "\"}");
    sut.post(
        "/test/redis/operations/basic",
        "{\"operation\": \"INCR\", \"count\": 2, \"key_prefix\": \"m\", \"project_id\": \""
            + P
            + "\"}");
    sut.post(
        "/test/redis/cache/performance",
        "{\"total_keys\": 100, \"hit_rate_target\": 0.5, \"project_id\": \"" + P + "\"}");
    // the collector's first poll runs in the background at start
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> sut.get("/metrics").body().contains("redis_memory_used_bytes"));
  }

  @AfterAll
  static void stop() {
    sut.close();
  }

  @Test
  void isValidPrometheusTextWithTheContractsNames() {
    var answer = sut.get("/metrics");
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.contentType()).startsWith("text/plain; version=0.0.4");
    PrometheusText metrics = PrometheusText.parse(answer.body());
    Map<String, String> types = metrics.types();
    assertThat(types)
        .containsEntry("db_client_operation_duration_seconds", "histogram")
        .containsEntry("redis_client_operation_errors_total", "counter")
        .containsEntry("redis_client_cache_requests_total", "counter")
        .containsEntry("redis_client_cache_hit_ratio", "gauge")
        .containsEntry("db_client_connection_count", "gauge")
        .containsEntry("db_client_connection_max", "gauge")
        .containsEntry("db_client_connection_idle_max", "gauge")
        .containsEntry("db_client_connection_idle_min", "gauge")
        .containsEntry("db_client_connection_pending_requests", "gauge")
        .containsEntry("db_client_connection_wait_time_seconds", "histogram")
        .containsEntry("db_client_connection_use_time_seconds", "histogram");
    for (String server :
        List.of(
            "redis_memory_used_bytes",
            "redis_memory_rss_bytes",
            "redis_memory_peak_bytes",
            "redis_memory_fragmentation_ratio",
            "redis_maxmemory_bytes",
            "redis_clients_connected",
            "redis_commands_processed_total",
            "redis_keyspace_hits_total",
            "redis_uptime_seconds_total")) {
      assertThat(types).as(server).containsKey(server);
    }
    assertThat(
            metrics.has(
                "db_client_operation_duration_seconds_bucket",
                Map.of(
                    "db_operation_name",
                    "SET",
                    "db_system_name",
                    "redis",
                    "redis_command_category",
                    "write")))
        .isTrue();
    assertThat(metrics.sum("redis_client_operation_errors_total", Map.of("error_type", "command")))
        .isEqualTo(2.0);
    assertThat(
            metrics.sum("redis_client_cache_requests_total", Map.of("redis_cache_result", "hit")))
        .isEqualTo(50.0);
    assertThat(
            metrics.sum("redis_client_cache_requests_total", Map.of("redis_cache_result", "miss")))
        .isEqualTo(50.0);
    assertThat(metrics.sum("db_client_connection_max", Map.of())).isEqualTo(10.0);
  }

  @Test
  void eachCommandIsCountedOnceAndCarriesItsProject() {
    PrometheusText metrics = PrometheusText.parse(sut.get("/metrics").body());
    // 20 SETs of the basic endpoint and the 50 the cache endpoint wrote, all on project P's scoped
    // connections
    assertThat(
            metrics.sum(
                "db_client_operation_duration_seconds_count", Map.of("db_operation_name", "SET")))
        .isEqualTo(70.0);
    // the project is on the counters, not on the duration histogram (the cardinality budget)
    assertThat(
            metrics.has(
                "db_client_operation_duration_seconds_count", Map.of("redlens_project_id", P)))
        .isFalse();
    assertThat(
            metrics.sum(
                "redis_client_cache_requests_total",
                Map.of("db_operation_name", "GET", "redlens_project_id", P)))
        .isEqualTo(100.0);
    // the pool's instruments are exported once, by Redlens: one series per state, not one per scope
    assertThat(
            metrics.samples().stream()
                .filter(
                    s ->
                        s.name().equals("db_client_connection_count")
                            && "idle".equals(s.labels().get("db_client_connection_state"))))
        .hasSize(1);
  }

  @Test
  void answersOpenMetricsWhenAsked() {
    var answer = sut.get("/metrics", "application/openmetrics-text; version=1.0.0; charset=utf-8");
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.contentType()).startsWith("application/openmetrics-text");
    assertThat(answer.body())
        .contains("# TYPE db_client_operation_duration_seconds histogram")
        .endsWith("# EOF\n");
  }

  @Test
  void theParserRefusesInvalidExposition() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> PrometheusText.parse("bad metric{} 1\n"))
        .hasMessageContaining("line 1");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PrometheusText.parse("m{a=\"1} 1\n"))
        .hasMessageContaining("line 1");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PrometheusText.parse("m 1x\n"))
        .hasMessageContaining("invalid value");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> PrometheusText.parse("# TYPE m counter\n# TYPE m gauge\n"))
        .hasMessageContaining("second TYPE");
    assertThat(
            PrometheusText.parse(
                    "# HELP m x\n# TYPE m gauge\nm{a=\"q\\\"\\n\"} +Inf 1700000000000\n")
                .samples())
        .hasSize(1);
  }
}
