package dev.redlens.core.pool;

import static dev.redlens.core.RedlensSemconv.*;

import dev.redlens.testing.InMemoryTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import java.util.Objects;

/**
 * Reads the points of one pool from a collection of the in-memory SDK: null when a point is absent.
 */
final class PoolPoints {

  private final InMemoryTelemetry otel;
  private final String pool;

  PoolPoints(InMemoryTelemetry otel, String pool) {
    this.otel = otel;
    this.pool = pool;
  }

  Long used() {
    return point(METRIC_CONNECTION_COUNT, CONNECTION_STATE_USED);
  }

  Long idle() {
    return point(METRIC_CONNECTION_COUNT, CONNECTION_STATE_IDLE);
  }

  Long value(String metric) {
    return point(metric, null);
  }

  Long errors(ConnectionErrorType type) {
    MetricData data = otel.metric(METRIC_CONNECTION_ERRORS);
    if (data == null) {
      return null;
    }
    return data.getLongSumData().getPoints().stream()
        .filter(p -> pool.equals(p.getAttributes().get(DB_CLIENT_CONNECTION_POOL_NAME)))
        .filter(p -> type.value().equals(p.getAttributes().get(ERROR_TYPE)))
        .map(LongPointData::getValue)
        .findFirst()
        .orElse(null);
  }

  /** How many durations the histogram holds for the pool (0 when none). */
  long histogramCount(String metric) {
    MetricData data = otel.metric(metric);
    if (data == null) {
      return 0;
    }
    return data.getHistogramData().getPoints().stream()
        .filter(p -> pool.equals(p.getAttributes().get(DB_CLIENT_CONNECTION_POOL_NAME)))
        .mapToLong(HistogramPointData::getCount)
        .sum();
  }

  /** Whether any pool metric has a point of this pool. */
  boolean anyPoint() {
    return otel.collect().stream()
        .filter(
            m ->
                m.getName().startsWith("db.client.connection.")
                    || m.getName().equals(METRIC_CONNECTION_ERRORS))
        .flatMap(m -> m.getData().getPoints().stream())
        .filter(p -> !(p instanceof HistogramPointData))
        .anyMatch(p -> pool.equals(p.getAttributes().get(DB_CLIENT_CONNECTION_POOL_NAME)));
  }

  private Long point(String metric, String state) {
    MetricData data = otel.metric(metric);
    if (data == null) {
      return null;
    }
    Attributes expected =
        state == null
            ? Attributes.of(DB_CLIENT_CONNECTION_POOL_NAME, pool)
            : Attributes.of(
                DB_CLIENT_CONNECTION_POOL_NAME, pool, DB_CLIENT_CONNECTION_STATE, state);
    return data.getLongSumData().getPoints().stream()
        .filter(p -> Objects.equals(p.getAttributes(), expected))
        .map(LongPointData::getValue)
        .findFirst()
        .orElse(null);
  }
}
