package dev.redlens.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The OTLP endpoint fails under concurrent load (issue 12's fault suite): closed (connections
 * refused) or black-holed (accepted, never answered). The API keeps answering within its timeouts,
 * never 500; {@code /health} stays 200 and says the export fails; the shutdown is not held.
 */
class OtlpFaultTest {

  static final long LONGEST_MS = 10_000 + 10_000 + 1_000; // the default timeouts plus a second

  private static ServiceUnderTest serviceExportingTo(int port) {
    return ServiceUnderTest.start(
        b ->
            b.env("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + port)
                .env("OTEL_METRIC_EXPORT_INTERVAL", "300")
                .env("OTEL_BSP_SCHEDULE_DELAY", "100")
                .env("OTEL_EXPORTER_OTLP_TIMEOUT", "2000"));
  }

  private static void loadAndCheck(ServiceUnderTest sut) {
    new ConcurrentLoad(sut, UUID.randomUUID().toString(), LONGEST_MS).runFor(Duration.ofSeconds(3));
    var health = sut.get("/health");
    assertThat(health.status()).as(health.body()).isEqualTo(200);
  }

  @Test
  void aClosedEndpoint() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    try (ServiceUnderTest sut = serviceExportingTo(port)) {
      loadAndCheck(sut);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  "failing"
                      .equals(
                          sut.get("/health")
                              .json()
                              .path("parts")
                              .path("exporters")
                              .path("otlp")
                              .asText()));
    }
  }

  @Test
  void aBlackHoledEndpoint() throws Exception {
    List<Socket> accepted = new ArrayList<>();
    try (ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    accepted.add(blackHole.accept());
                  }
                } catch (Exception e) {
                  // closed
                }
              },
              "otlp-black-hole");
      acceptor.setDaemon(true);
      acceptor.start();
      try (ServiceUnderTest sut = serviceExportingTo(blackHole.getLocalPort())) {
        loadAndCheck(sut);
      }
    } finally {
      for (Socket socket : accepted) {
        socket.close();
      }
    }
  }
}
