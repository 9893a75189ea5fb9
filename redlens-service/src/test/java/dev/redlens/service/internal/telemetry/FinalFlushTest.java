package dev.redlens.service.internal.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Tracer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The final flush is bounded (issue 12, item 8): an OTLP endpoint that accepts connections and
 * never answers (black-holed) cannot hold the shutdown for the exporters' timeouts, and what could
 * not be delivered is counted.
 */
class FinalFlushTest {

  private static void endSpans(TelemetrySetup setup, int n) {
    Tracer tracer = setup.openTelemetry().getTracer("final-flush-test");
    for (int i = 0; i < n; i++) {
      tracer.spanBuilder("span-" + i).startSpan().end();
    }
  }

  @Test
  void aBlackHoledEndpointIsCutOffAndTheDroppedSpansAreCounted() throws Exception {
    List<Socket> accepted = new ArrayList<>();
    try (ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    accepted.add(blackHole.accept()); // and never read or answer
                  }
                } catch (Exception e) {
                  // closed
                }
              },
              "black-hole");
      acceptor.setDaemon(true);
      acceptor.start();
      TelemetrySetup setup =
          new TelemetrySetup(
              Map.of(
                  "OTEL_EXPORTER_OTLP_ENDPOINT",
                  "http://127.0.0.1:" + blackHole.getLocalPort(),
                  "OTEL_METRICS_EXPORTER",
                  "none"));
      endSpans(setup, 10);
      setup.close();
      TelemetrySetup.FlushOutcome outcome = setup.flushOutcome();
      assertThat(outcome.finished()).isFalse();
      assertThat(outcome.spansNotExported()).isEqualTo(10);
      setup.close(); // idempotent
    } finally {
      for (Socket socket : accepted) {
        socket.close();
      }
    }
  }

  @Test
  void aClosedEndpointFailsAndTheDroppedSpansAreCounted() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort(); // closed again: nothing listens there
    }
    TelemetrySetup setup =
        new TelemetrySetup(
            Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT",
                "http://127.0.0.1:" + port,
                "OTEL_METRICS_EXPORTER",
                "none"));
    endSpans(setup, 7);
    setup.close();
    TelemetrySetup.FlushOutcome outcome = setup.flushOutcome();
    assertThat(outcome.succeeded()).isFalse();
    assertThat(outcome.spansNotExported()).isEqualTo(7);
  }
}
