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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The telemetry of commands that fail beyond an ordinary error reply: a server out of memory, a
 * command that outlives its timeout (the server paused, or stopped with SIGSTOP), a connection lost
 * in the middle of a command (the server killed, or the connection killed with {@code CLIENT
 * KILL}), and the client's recovery once the server is back. Every path (plain, project-scoped,
 * pooled, single, both clients) must classify each the same way: {@code error.type} on the span
 * (status ERROR) and on the duration point, and {@code redis.client.operation.errors} moving
 * ({@code assertClassified}).
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
    try (RedisDriver impatient = open(telemetry, server().uri(), Duration.ofMillis(200))) {
      otel.reset();
      // paused past the last attempt of a client that retries (Jedis's cluster client: 5 attempts
      // within 5 timeouts), which would otherwise be served once the pause ends; for any client,
      // the GET must leave while the pause lasts: 1.5 s left a loaded machine 1.3 s for that. Not
      // longer than 8 s: a pause of every client holds the UNPAUSE below too, until the pause
      // ends, and RedisServer's connection waits 10 s for a reply.
      server().execute("CLIENT", "PAUSE", impatient.traits().retries() ? "8000" : "5000");
      assertThatThrownBy(() -> impatient.get("k")).isInstanceOf(RuntimeException.class);

      assertClassified("GET", "timeout");
      // one operation per attempt: one for a client that does not retry
      long attempts = impatient.traits().retries() ? otel.spans("GET").size() : 1;
      assertThat(otel.awaitSpans("GET", (int) attempts))
          .hasSize((int) attempts)
          .allSatisfy(
              span ->
                  assertThat(span)
                      .hasAttributesSatisfying(equalTo(ERROR_TYPE, "timeout"))
                      .satisfies(
                          s ->
                              assertThat(s.getAttributes().get(DB_RESPONSE_STATUS_CODE)).isNull()));
      assertThat(otel.errorCount("timeout", null)).isEqualTo(attempts);
      assertThat(telemetry.snapshot().errorsByType()).containsEntry("timeout", attempts);
    } finally {
      server().execute("CLIENT", "UNPAUSE");
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

      boolean failed = failsWithin(blocked, Duration.ofSeconds(5));
      if (failed) {
        assertThatThrownBy(() -> blocked.get(5, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class);
        await().until(() -> !otel.spans("BLPOP").isEmpty());
        assertThat(otel.span("BLPOP")).hasAttributesSatisfying(equalTo(ERROR_TYPE, "connection"));
        assertThat(otel.span("BLPOP").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      } else {
        // kept to be sent again (see failsWithin): nothing is recorded while the server is down
        assertThat(otel.spans("BLPOP")).isEmpty();
      }

      doomed.restart();
      if (!failed) {
        // sent again to the restarted server, where it blocks: served, it is one operation
        await().until(() -> doomed.execute("CLIENT", "LIST").contains("cmd=blpop"));
        doomed.execute("LPUSH", other.traits().sent("never"), "pushed");
        assertThat((List<?>) blocked.get(5, TimeUnit.SECONDS)).last().isEqualTo("pushed");
        assertThat(otel.awaitSpans("BLPOP", 1))
            .singleElement()
            .satisfies(
                span -> assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET));
      }
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
      assertThat(otel.errorCount("connection", null)).isGreaterThanOrEqualTo(failed ? 1 : 0);
      assertThat(otel.errorCount("command", null)).isZero();
    }
  }

  /**
   * Whether {@code command} fails within {@code time}; false when it is still waiting then. A
   * client that does not retry fails a command whose connection was lost, except Lettuce 6.6, which
   * keeps it and sends it again once reconnected (its endpoint re-queues the commands in flight
   * whenever it reconnects automatically, even when told to reject commands while disconnected; 6.8
   * and 7 fail them) unless the loss reached it as an error: whether the kernel reports the
   * server's close as a reset or as an orderly close decides which, and that differs between
   * machines.
   */
  private static boolean failsWithin(CompletableFuture<Object> command, Duration time) {
    try {
      command.get(time.toMillis(), TimeUnit.MILLISECONDS);
      throw new AssertionError("the command succeeded although its connection was lost");
    } catch (ExecutionException e) {
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Issue 12 item 2: a server stopped with SIGSTOP, the command times out on the client. */
  @Test
  void aCommandToAStoppedServerEndsAsTimeout() throws Exception {
    try (RedisServer stopped = RedisServer.start();
        RedisDriver impatient = open(telemetry, stopped.uri(), Duration.ofMillis(300))) {
      otel.reset();
      signal(stopped, "STOP");
      try {
        assertThatThrownBy(() -> impatient.set("k", "v")).isInstanceOf(RuntimeException.class);
        assertClassified("SET", "timeout");
        assertThat(otel.span("SET").getAttributes().get(DB_RESPONSE_STATUS_CODE)).isNull();
      } finally {
        signal(stopped, "CONT");
      }
    }
  }

  /** The client's connection killed on the server while its command waits for a reply. */
  @Test
  void aConnectionKilledMidCommandIsAConnectionError() throws Exception {
    try (RedisDriver other = open(telemetry, server().uri())) {
      otel.reset();
      CompletableFuture<Object> blocked = other.commandAsync("BLPOP", "never-pushed", "10");
      await().until(() -> blockedClientId() != null);
      String killed = blockedClientId();
      server().execute("CLIENT", "KILL", "ID", killed);

      if (!other.traits().retries()) {
        // it fails, or (Lettuce 6.6, see failsWithin) it is sent again on a new connection
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    blocked.isDone()
                        || (blockedClientId() != null && !killed.equals(blockedClientId())));
        if (blocked.isDone()) {
          assertThatThrownBy(() -> blocked.get(5, TimeUnit.SECONDS))
              .isInstanceOf(ExecutionException.class);
          assertClassified("BLPOP", "connection");
          return;
        }
        // the same command, served on the new connection: one operation, no error
        server().execute("LPUSH", other.traits().sent("never-pushed"), "pushed");
        assertThat((List<?>) blocked.get(5, TimeUnit.SECONDS)).last().isEqualTo("pushed");
        assertThat(otel.awaitSpans("BLPOP", 1))
            .singleElement()
            .satisfies(
                span -> assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET));
        assertThat(otel.errorCount("connection", null)).isZero();
        return;
      }
      // the client sends BLPOP again on a new connection: the killed attempt is an operation of
      // its own, classified; the retry, served, is another
      assertClassified("BLPOP", "connection");
      await().until(() -> blockedClientId() != null && !killed.equals(blockedClientId()));
      server().execute("LPUSH", other.traits().sent("never-pushed"), "pushed");
      assertThat((List<?>) blocked.get(5, TimeUnit.SECONDS)).last().isEqualTo("pushed");
      assertThat(otel.awaitSpans("BLPOP", 2))
          .hasSize(2)
          .satisfiesExactly(
              first -> assertThat(first).hasAttributesSatisfying(equalTo(ERROR_TYPE, "connection")),
              retry -> assertThat(retry.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET));
      assertThat(otel.errorCount("connection", null)).isEqualTo(1);
    }
  }

  /** The id of the client blocked in BLPOP on the server, or null when none is. */
  private String blockedClientId() {
    for (String line : server().execute("CLIENT", "LIST").split("\\R")) {
      if (line.contains("cmd=blpop")) {
        for (String field : line.split(" ")) {
          if (field.startsWith("id=")) {
            return field.substring(3);
          }
        }
      }
    }
    return null;
  }

  /** Sends {@code kill -<signal>} to the server's process (STOP pauses it, CONT resumes it). */
  private static void signal(RedisServer server, String signal) throws Exception {
    Process kill =
        new ProcessBuilder("kill", "-" + signal, Long.toString(server.pid()))
            .redirectErrorStream(true)
            .start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new AssertionError(
          "kill -" + signal + " failed: " + new String(kill.getInputStream().readAllBytes()));
    }
  }

  private static String setAndGet(RedisDriver driver) {
    driver.set("after-restart", "v");
    return driver.get("after-restart");
  }
}
