package dev.redlens.core.internal.recording;

import static dev.redlens.core.RedlensSemconv.*;

import dev.redlens.core.internal.stats.LocalStatistics;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleGauge;
import java.util.function.DoubleSupplier;

/**
 * The client metric instruments of the telemetry contract, created once per {@code RedisTelemetry}.
 */
public final class ClientInstruments implements AutoCloseable {

  public final DoubleHistogram duration;
  public final LongCounter errors;
  public final LongCounter slow;
  public final LongCounter cacheRequests;
  public final LongCounter redirections;
  private final ObservableDoubleGauge hitRatio;

  /**
   * @param windowHitRatio the overall hit ratio over the window (NaN: nothing read)
   * @param projectHitRatios the same per project, reported with {@code redlens.project.id}
   */
  public ClientInstruments(
      Meter meter, DoubleSupplier windowHitRatio, LocalStatistics projectHitRatios) {
    duration =
        meter
            .histogramBuilder(METRIC_OPERATION_DURATION)
            .setUnit(UNIT_SECONDS)
            .setDescription("Duration of Redis client operations.")
            .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
            .build();
    errors =
        meter
            .counterBuilder(METRIC_OPERATION_ERRORS)
            .setUnit(UNIT_ERRORS)
            .setDescription("Redis client operations that failed, by error type.")
            .build();
    slow =
        meter
            .counterBuilder(METRIC_OPERATION_SLOW)
            .setUnit(UNIT_OPERATIONS)
            .setDescription(
                "Redis client operations that took at least the slow-operation threshold.")
            .build();
    cacheRequests =
        meter
            .counterBuilder(METRIC_CACHE_REQUESTS)
            .setUnit(UNIT_REQUESTS)
            .setDescription(
                "Values read by Redis commands, by cache result (hit or miss); per key for multi-key reads.")
            .build();
    redirections =
        meter
            .counterBuilder(METRIC_CLUSTER_REDIRECTIONS)
            .setUnit(UNIT_REDIRECTIONS)
            .setDescription(
                "Cluster redirections (MOVED, ASK) received, by the node that redirected.")
            .build();
    hitRatio =
        meter
            .gaugeBuilder(METRIC_CACHE_HIT_RATIO)
            .setUnit(UNIT_RATIO)
            .setDescription("Cache hit ratio of Redis reads over the sliding window.")
            .buildWithCallback(
                measurement -> {
                  double ratio = windowHitRatio.getAsDouble();
                  if (!Double.isNaN(ratio)) {
                    measurement.record(ratio);
                  }
                  projectHitRatios.forEachProjectWindowHitRatio(
                      (project, projectRatio) ->
                          measurement.record(
                              projectRatio, Attributes.of(REDLENS_PROJECT_ID, project)));
                });
  }

  @Override
  public void close() {
    hitRatio.close();
  }
}
