package dev.redlens.conformance;

import static dev.redlens.core.RedlensSemconv.*;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.redlens.testing.RedisServer;
import io.opentelemetry.api.trace.StatusCode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The telemetry of commands that fail beyond an ordinary error reply: a server out of memory, a
 * command that outlives its timeout, a server killed in the middle of a command, and the client's
 * recovery once it is back. Every assertion holds for every client integration.
 */
public abstract class FailureTelemetrySuite extends ConformanceSuite {

  @Test
  void outOfMemoryUnderNoEvictionIsACommandErrorWithItsStatusCode() {
    try (RedisServer small =
            RedisServer.builder()
                .config("maxmemory", "1mb")
                .config("maxmemory-policy", "noeviction")
                .start();
        RedisDriver other = open(telemetry, small.uri())) {
      String big = "x".repeat(64 * 1024);
      assertThatThrownBy(
              () -> {
                for (int i = 0; i < 100; i++) {
                  other.set("big:" + i, big);
                }
              })
          .hasMessageStartingWith("OOM");
      await()
          .untilAsserted(
              () ->
                  assertThat(otel.spans("SET"))
                      .anySatisfy(
                          s ->
                              assertThat(s)
                                  .hasAttributesSatisfying(
                                      equalTo(ERROR_TYPE, "command"),
                                      equalTo(DB_RESPONSE_STATUS_CODE, "OOM"))));
      assertThat(otel.errorCount("command", "OOM")).isEqualTo(1);
      assertThat(telemetry.snapshot().errorsByType()).containsEntry("command", 1L);
    }
  }

  @Test
  void aCommandThatOutlivesItsTimeoutEndsAsTimeout() {
    try (RedisDriver impatient = open(telemetry, redis.server().uri(), Duration.ofMillis(200))) {
      otel.reset();
      redis.server().execute("CLIENT", "PAUSE", "1500");
      assertThatThrownBy(() -> impatient.get("k")).isInstanceOf(RuntimeException.class);

      await().atMost(Duration.ofSeconds(5)).until(() -> !otel.spans("GET").isEmpty());
      assertThat(otel.span("GET")).hasAttributesSatisfying(equalTo(ERROR_TYPE, "timeout"));
      assertThat(otel.span("GET").getAttributes().get(DB_RESPONSE_STATUS_CODE)).isNull();
      assertThat(otel.span("GET").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(otel.errorCount("timeout", null)).isEqualTo(1);
      assertThat(telemetry.snapshot().errorsByType()).containsEntry("timeout", 1L);
    } finally {
      redis.server().execute("CLIENT", "UNPAUSE");
    }
  }

  @Test
  void aServerKilledMidCommandIsAConnectionErrorAndTheClientRecoversAfterRestart()
      throws Exception {
    try (RedisServer doomed = RedisServer.start();
        RedisDriver other = open(telemetry, doomed.uri())) {
      CompletableFuture<Object> blocked = other.commandAsync("BLPOP", "never", "10");
      await().until(() -> doomed.execute("CLIENT", "LIST").contains("cmd=blpop"));
      doomed.kill();

      assertThatThrownBy(() -> blocked.get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class);
      await().until(() -> !otel.spans("BLPOP").isEmpty());
      assertThat(otel.span("BLPOP")).hasAttributesSatisfying(equalTo(ERROR_TYPE, "connection"));
      assertThat(otel.span("BLPOP").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);

      doomed.restart();
      await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .until(() -> "v".equals(setAndGet(other)));
      await()
          .untilAsserted(
              () ->
                  assertThat(otel.spans("GET"))
                      .last()
                      .satisfies(
                          s ->
                              assertThat(s.getStatus().getStatusCode())
                                  .isEqualTo(StatusCode.UNSET)));
      assertThat(otel.errorCount("connection", null)).isGreaterThanOrEqualTo(1);
      assertThat(otel.errorCount("command", null)).isZero();
    }
  }

  private static String setAndGet(RedisDriver driver) {
    driver.set("after-restart", "v");
    return driver.get("after-restart");
  }
}
