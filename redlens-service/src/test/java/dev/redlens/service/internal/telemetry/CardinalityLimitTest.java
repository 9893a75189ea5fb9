package dev.redlens.service.internal.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.core.catalog.CommandArguments;
import dev.redlens.core.instrumentation.ClientScope;
import dev.redlens.service.internal.api.Operations;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The service's SDK has no View raising the cardinality limit (the SDK's default, 2,000 series per
 * instrument): Redlens's own series budget keeps 2,000 projects × the 26 operations of the API
 * inside it. Before the budget the service needed a View raising the limit to 20,000, and even then
 * overflowed at 2,000 projects (26,000 duration series).
 */
class CardinalityLimitTest {

  static final List<String> OPERATIONS =
      Operations.BASIC_OPERATIONS.stream().filter(o -> !o.equals("MIXED")).sorted().toList();

  @Test
  void twoThousandProjectsTimesEveryOperationDoNotOverflowTheDefaultLimit() {
    try (TelemetrySetup setup =
            new TelemetrySetup(
                Map.of("OTEL_TRACES_EXPORTER", "none", "OTEL_METRICS_EXPORTER", "none"));
        RedisTelemetry telemetry = RedisTelemetry.create(setup.openTelemetry())) {
      ClientScope server =
          telemetry.scope("127.0.0.1", 7001, 0); // attribute values only: nothing connects
      for (int p = 0; p < 2_000; p++) {
        ClientScope project = server.withProject(new UUID(7, p).toString());
        for (String operation : OPERATIONS) {
          project.start(operation, CommandArguments.of("k")).end(p % 2 == 0 ? "v" : null);
        }
      }
      MetricSnapshots metrics = setup.prometheus().collect();
      for (MetricSnapshot metric : metrics) {
        assertThat(metric.getDataPoints())
            .as(metric.getMetadata().getPrometheusName())
            .hasSizeLessThan(2_000)
            .noneMatch(point -> point.getLabels().contains("otel_metric_overflow"));
      }
      MetricSnapshot duration =
          metrics.stream()
              .filter(
                  m ->
                      m.getMetadata()
                          .getPrometheusName()
                          .equals("db_client_operation_duration_seconds"))
              .findFirst()
              .orElseThrow();
      assertThat(duration.getDataPoints()).hasSize(OPERATIONS.size()); // no project on it
    }
  }
}
