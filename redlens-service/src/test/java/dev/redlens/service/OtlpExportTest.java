package dev.redlens.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * OTLP export when OTEL_EXPORTER_OTLP_ENDPOINT is set; an exporter that is down does not break the
 * API.
 */
class OtlpExportTest {

  static final String P = UUID.randomUUID().toString();

  @Test
  void exportsTracesAndMetricsOverOtlp() throws Exception {
    Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    collector.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          received
              .computeIfAbsent(exchange.getRequestURI().getPath(), k -> new AtomicInteger())
              .incrementAndGet();
          exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    collector.start();
    try (ServiceUnderTest sut =
        ServiceUnderTest.start(
            b ->
                b.env(
                        "OTEL_EXPORTER_OTLP_ENDPOINT",
                        "http://127.0.0.1:" + collector.getAddress().getPort())
                    .env("OTEL_BSP_SCHEDULE_DELAY", "100")
                    .env("OTEL_METRIC_EXPORT_INTERVAL", "300")
                    .env("OTEL_SERVICE_NAME", "redlens-otlp-test"))) {
      var answer =
          sut.post(
              "/test/redis/operations/basic",
              "{\"operation\": \"SET\", \"count\": 10, \"project_id\": \"" + P + "\"}");
      assertThat(answer.status()).isEqualTo(200);
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> received.containsKey("/v1/traces") && received.containsKey("/v1/metrics"));
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  sut.get("/test/redis/instrumentation/status")
                      .json()
                      .path("exporters")
                      .path("otlp")
                      .path("traces")
                      .path("state")
                      .asText()
                      .equals("ok"));
      var status = sut.get("/test/redis/instrumentation/status").json();
      assertThat(status.path("enabled").path("otlp").asBoolean()).isTrue();
      assertThat(status.path("service").asText()).isEqualTo("redlens-otlp-test");
      assertThat(sut.get("/health").json().path("parts").path("exporters").path("otlp").asText())
          .isEqualTo("ok");
    } finally {
      collector.stop(0);
    }
  }

  @Test
  void aDownExporterIsReportedAndTheApiKeepsAnswering() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    try (ServiceUnderTest sut =
        ServiceUnderTest.start(
            b ->
                b.env(
                        "OTEL_EXPORTER_OTLP_ENDPOINT",
                        "127.0.0.1:" + closed) // the specification's form: no scheme
                    .env("OTEL_BSP_SCHEDULE_DELAY", "100")
                    .env("OTEL_METRIC_EXPORT_INTERVAL", "300"))) {
      for (int i = 0; i < 5; i++) {
        var answer =
            sut.post(
                "/test/redis/operations/basic",
                "{\"operation\": \"SET\", \"count\": 20, \"project_id\": \"" + P + "\"}");
        assertThat(answer.status()).isEqualTo(200);
      }
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  sut.get("/health")
                      .json()
                      .path("parts")
                      .path("exporters")
                      .path("otlp")
                      .asText()
                      .equals("failing"));
      var health = sut.get("/health");
      assertThat(health.status()).isEqualTo(200);
      assertThat(health.json().path("status").asText()).isEqualTo("degraded");
      var otlp =
          sut.get("/test/redis/instrumentation/status").json().path("exporters").path("otlp");
      assertThat(otlp.path("endpoint").asText()).isEqualTo("http://127.0.0.1:" + closed);
      assertThat(otlp.path("traces").path("last_error").asText()).isNotEmpty();
      assertThat(
              sut.post(
                      "/test/redis/operations/basic",
                      "{\"operation\": \"GET\", \"count\": 20, \"project_id\": \"" + P + "\"}")
                  .status())
          .isEqualTo(200);
    }
  }
}
