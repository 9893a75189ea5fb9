package dev.redlens.service.internal.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.core.RedlensSemconv;
import dev.redlens.core.catalog.CommandArguments;
import dev.redlens.core.instrumentation.ClientScope;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The service's SDK keeps every series Redlens's own bounds allow: 1,000 projects × two commands is
 * past the SDK's default of 2,000 series per instrument, and without the service's View the rest
 * would be folded into {@code otel.metric.overflow}.
 */
class CardinalityLimitTest {

  @Test
  void aThousandProjectsTimesTwoCommandsDoNotOverflow() {
    try (TelemetrySetup setup =
            new TelemetrySetup(
                Map.of("OTEL_TRACES_EXPORTER", "none", "OTEL_METRICS_EXPORTER", "none"));
        RedisTelemetry telemetry = RedisTelemetry.create(setup.openTelemetry())) {
      ClientScope server =
          telemetry.scope("127.0.0.1", 7001, 0); // attribute values only: nothing connects
      for (int p = 0; p < 1_000; p++) {
        ClientScope project = server.withProject(new UUID(7, p).toString());
        project.start("GET", CommandArguments.of("k")).end("v");
        project.start("SET", CommandArguments.of("k", "v")).end("OK");
      }
      MetricSnapshot duration =
          setup.prometheus().collect().stream()
              .filter(
                  m ->
                      m.getMetadata()
                          .getPrometheusName()
                          .equals("db_client_operation_duration_seconds"))
              .findFirst()
              .orElseThrow();
      assertThat(duration.getDataPoints()).hasSize(2_000);
      assertThat(duration.getDataPoints())
          .noneMatch(point -> point.getLabels().contains("otel_metric_overflow"))
          .allMatch(
              point ->
                  point
                          .getLabels()
                          .get(RedlensSemconv.REDLENS_PROJECT_ID.getKey().replace('.', '_'))
                      != null);
    }
  }
}
