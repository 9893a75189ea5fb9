package dev.redlens.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redlens.service.internal.config.ServiceConfig;
import dev.redlens.testing.RedisServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Start order, the embedded-Redis fallback, 503 while Redis is down, and SIGTERM stopping in
 * reverse order.
 */
class LifecycleTest {

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static ServiceConfig.Builder config() {
    return ServiceConfig.fromEnv(Map.of())
        .host("127.0.0.1")
        .port(0)
        .connectionTimeout(Duration.ofSeconds(2))
        .operationTimeout(Duration.ofSeconds(2))
        .healthCheckInterval(Duration.ofMillis(200))
        .collectionInterval(Duration.ofMillis(500));
  }

  @Test
  void startsAnEmbeddedRedisWhenNothingAnswersAndNoUrlWasGiven() throws Exception {
    int nothing = freePort();
    try (RedlensServer server =
        RedlensServer.start(config().defaultRedisUrl("redis://127.0.0.1:" + nothing).build())) {
      assertThat(server.usesEmbeddedRedis()).isTrue();
      int redisPort = URI.create(server.redisUri()).getPort();
      assertThat(redisPort).isNotEqualTo(nothing).isNotEqualTo(6379);
      var http = HttpClient.newHttpClient();
      var health =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
      assertThat(health.body()).contains("\"source\" : \"embedded\"");
      server.close();
      try (Socket ignored = new Socket("127.0.0.1", redisPort)) {
        throw new AssertionError("the embedded redis-server still listens after close");
      } catch (IOException expected) {
        // stopped with the service
      }
    }
  }

  @Test
  void usesTheDefaultUrlWhenARedisAnswersThere() {
    try (RedisServer redis = RedisServer.start();
        RedlensServer server = RedlensServer.start(config().defaultRedisUrl(redis.uri()).build())) {
      assertThat(server.usesEmbeddedRedis()).isFalse();
      assertThat(server.redisUri()).endsWith(":" + redis.port());
    }
  }

  @Test
  void answers503WhileRedisIsDownAndRecovers() throws Exception {
    try (RedisServer redis = RedisServer.start();
        RedlensServer server = RedlensServer.start(config().redisUrl(redis.uri()).build())) {
      var http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + server.port();
      HttpRequest basic =
          HttpRequest.newBuilder(URI.create(base + "/test/redis/operations/basic"))
              .header("Content-Type", "application/json")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      "{\"operation\":\"SET\",\"count\":5,\"project_id\":\"12345678-1234-1234-1234-123456789abc\"}"))
              .build();
      HttpRequest health = HttpRequest.newBuilder(URI.create(base + "/health")).build();
      assertThat(http.send(basic, HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(200);

      redis.kill();
      var down = http.send(health, HttpResponse.BodyHandlers.ofString());
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.body()).contains("\"status\" : \"unavailable\"");
      var refused = http.send(basic, HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
      assertThat(refused.body()).contains("redis_unavailable");

      redis.restart();
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> http.send(health, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
      assertThat(http.send(basic, HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void sigtermStopsThePartsInReverseOrder(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    try (RedisServer redis = RedisServer.start()) {
      String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      // output to a file: Process.destroy() closes the pipes, which would lose what the shutdown
      // logs
      Path output = dir.resolve("service.log");
      ProcessBuilder pb =
          new ProcessBuilder(
                  javaBin,
                  "-cp",
                  System.getProperty("java.class.path"),
                  RedlensService.class.getName(),
                  "serve",
                  "--port",
                  "0",
                  "--host",
                  "127.0.0.1")
              .redirectErrorStream(true)
              .redirectOutput(output.toFile());
      pb.environment().put("REDIS_URL", redis.uri());
      pb.environment().put("REDLENS_COLLECTION_INTERVAL", "0.5");
      Process process = pb.start();
      Pattern listening = Pattern.compile("HTTP: listening on http://127\\.0\\.0\\.1:(\\d+)/");
      try {
        Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> listening.matcher(Files.readString(output)).find() || !process.isAlive());
        Matcher m = listening.matcher(Files.readString(output));
        assertThat(m.find()).as(Files.readString(output)).isTrue();
        var ok =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.group(1) + "/health"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
      } finally {
        process.destroy(); // SIGTERM
      }
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String log = Files.readString(output);
      assertThat(process.exitValue())
          .as(log)
          .isEqualTo(143); // 128 + SIGTERM, after the shutdown hook ran
      List<String> startOrder =
          List.of(
              "[1/5] Redis",
              "[2/5] Telemetry",
              "[3/5] Server metrics",
              "[4/5] Dashboard sampler",
              "[5/5] HTTP");
      List<String> stopOrder =
          List.of(
              "Stopping",
              "Stopped HTTP server",
              "Stopped dashboard sampler",
              "Stopped server-metrics collector",
              "Stopped Redis health check",
              "Stopped Redis connection pool",
              "Stopped Redis telemetry",
              "Stopped OpenTelemetry SDK (flushing spans and metrics)",
              "Stopped\n");
      assertInOrder(log, startOrder);
      assertInOrder(log, stopOrder);
    }
  }

  private static void assertInOrder(String log, List<String> markers) {
    int at = -1;
    for (String marker : markers) {
      int next = log.indexOf(marker, at + 1);
      assertThat(next)
          .as("'" + marker + "' after position " + at + " in:\n" + log)
          .isGreaterThan(at);
      at = next;
    }
  }
}
