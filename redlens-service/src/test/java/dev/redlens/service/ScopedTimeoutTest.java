package dev.redlens.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redlens.service.internal.validate.PrometheusText;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A command timeout on a project-scoped connection is an error of type {@code timeout} on {@code
 * /metrics} (issue 12, item 2), as on the administrative connection: Redis stopped with SIGSTOP, a
 * SET through the project's pooled, scoped connection times out.
 */
class ScopedTimeoutTest {

  static ServiceUnderTest sut;

  @BeforeAll
  static void start() {
    sut = ServiceUnderTest.start(b -> b.operationTimeout(Duration.ofSeconds(2)));
  }

  @AfterAll
  static void stop() {
    sut.close();
  }

  @Test
  void aScopedTimeoutIsClassifiedAsTimeout() {
    String project = UUID.randomUUID().toString();
    // a connection in the pool first, so the timeout hits a command, not the connect
    assertThat(
            sut.post(
                    "/test/redis/operations/basic",
                    "{\"operation\": \"GET\", \"count\": 1, \"project_id\": \"" + project + "\"}")
                .status())
        .isEqualTo(200);
    Signals.stop(sut.redis.pid());
    ServiceUnderTest.Answer answer;
    try {
      answer =
          sut.post(
              "/test/redis/operations/basic",
              "{\"operation\": \"SET\", \"count\": 3, \"project_id\": \"" + project + "\"}");
    } finally {
      Signals.resume(sut.redis.pid());
    }
    assertThat(answer.status()).as(answer.body()).isEqualTo(503);
    PrometheusText metrics = PrometheusText.parse(sut.get("/metrics").body());
    assertThat(
            metrics.sum(
                "redis_client_operation_errors_total",
                Map.of("error_type", "timeout", "redlens_project_id", project)))
        .isGreaterThanOrEqualTo(1);
    assertThat(
            metrics.sum(
                "db_client_operation_duration_seconds_count",
                Map.of("db_operation_name", "SET", "error_type", "timeout")))
        .isGreaterThanOrEqualTo(1);
  }
}
