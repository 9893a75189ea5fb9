package dev.redlens.info.internal;

import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;

/**
 * The three asynchronous instrument kinds, matching redisreceiver's gauge, monotonic sum and
 * non-monotonic sum.
 */
public enum InstrumentKind {
  /** A sampled value: memory, offsets, ratios. */
  GAUGE,
  /** A monotonic total since server start: hits, commands processed, CPU seconds. */
  COUNTER,
  /** A non-monotonic count: connected clients, connected replicas. */
  UP_DOWN_COUNTER;

  /**
   * Registers an integer instrument of this kind and returns its observer (for a batch callback).
   */
  public ObservableLongMeasurement longObserver(
      Meter meter, String name, String unit, String description) {
    return switch (this) {
      case GAUGE ->
          meter
              .gaugeBuilder(name)
              .ofLongs()
              .setUnit(unit)
              .setDescription(description)
              .buildObserver();
      case COUNTER ->
          meter.counterBuilder(name).setUnit(unit).setDescription(description).buildObserver();
      case UP_DOWN_COUNTER ->
          meter
              .upDownCounterBuilder(name)
              .setUnit(unit)
              .setDescription(description)
              .buildObserver();
    };
  }

  /** Registers a floating-point instrument of this kind and returns its observer. */
  public ObservableDoubleMeasurement doubleObserver(
      Meter meter, String name, String unit, String description) {
    return switch (this) {
      case GAUGE ->
          meter.gaugeBuilder(name).setUnit(unit).setDescription(description).buildObserver();
      case COUNTER ->
          meter
              .counterBuilder(name)
              .ofDoubles()
              .setUnit(unit)
              .setDescription(description)
              .buildObserver();
      case UP_DOWN_COUNTER ->
          meter
              .upDownCounterBuilder(name)
              .ofDoubles()
              .setUnit(unit)
              .setDescription(description)
              .buildObserver();
    };
  }
}
