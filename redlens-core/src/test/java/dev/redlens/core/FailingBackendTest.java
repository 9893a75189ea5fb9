package dev.redlens.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.redlens.core.catalog.CommandArguments;
import dev.redlens.testing.InMemoryTelemetry;
import org.junit.jupiter.api.Test;

/** A telemetry backend that throws never reaches the caller, and local statistics still count. */
class FailingBackendTest {

  @Test
  void throwingSpanProcessorAndMetricExporterNeverReachTheCaller() throws Exception {
    try (InMemoryTelemetry failing = InMemoryTelemetry.failing();
        RedisTelemetry telemetry = RedisTelemetry.create(failing.openTelemetry())) {
      ClientScope scope = telemetry.scope("127.0.0.1", 1, 0);
      long operations = 0;
      long until = System.nanoTime() + 150_000_000L; // several 20 ms export rounds of the failing exporter
      while (System.nanoTime() < until) {
        assertThatCode(() -> scope.start("GET", CommandArguments.of("k")).end("v")).doesNotThrowAnyException();
        operations++;
      }
      String body = telemetry.traceOperation("CUSTOM_OPERATION", null, () -> "result");

      assertThat(body).isEqualTo("result");
      assertThat(telemetry.snapshot().command("GET").count()).isEqualTo(operations);
      assertThat(telemetry.snapshot().cache().hits()).isEqualTo(operations);
    }
  }
}
