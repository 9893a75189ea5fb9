package dev.redlens.core.pool;

import static dev.redlens.core.RedlensSemconv.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.redlens.testing.InMemoryTelemetry;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import java.util.Map;

/** The instrument type and unit of every pool metric, as the telemetry contract lists them. */
final class MetricShape {

  private MetricShape() {}

  static void assertUnits(InMemoryTelemetry otel) {
    Map<String, String> units =
        Map.of(
            METRIC_CONNECTION_COUNT, UNIT_CONNECTIONS,
            METRIC_CONNECTION_MAX, UNIT_CONNECTIONS,
            METRIC_CONNECTION_IDLE_MAX, UNIT_CONNECTIONS,
            METRIC_CONNECTION_IDLE_MIN, UNIT_CONNECTIONS,
            METRIC_CONNECTION_PENDING_REQUESTS, UNIT_REQUESTS,
            METRIC_CONNECTION_TIMEOUTS, UNIT_TIMEOUTS,
            METRIC_CONNECTION_ERRORS, UNIT_ERRORS,
            METRIC_CONNECTION_WAIT_TIME, UNIT_SECONDS);
    for (var entry : units.entrySet()) {
      MetricData metric = otel.metric(entry.getKey());
      assertThat(metric).as(entry.getKey()).isNotNull();
      assertThat(metric.getUnit()).as(entry.getKey()).isEqualTo(entry.getValue());
      if (entry.getKey().equals(METRIC_CONNECTION_WAIT_TIME)) {
        assertThat(metric.getType()).isEqualTo(MetricDataType.HISTOGRAM);
      } else {
        assertThat(metric.getType()).isEqualTo(MetricDataType.LONG_SUM);
        boolean monotonic =
            entry.getKey().equals(METRIC_CONNECTION_TIMEOUTS)
                || entry.getKey().equals(METRIC_CONNECTION_ERRORS);
        assertThat(metric.getLongSumData().isMonotonic()).as(entry.getKey()).isEqualTo(monotonic);
      }
    }
  }
}
