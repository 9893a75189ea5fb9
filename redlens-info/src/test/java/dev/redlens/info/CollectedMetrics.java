package dev.redlens.info;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One collection of an {@link InMemoryMetricReader}, with look-ups by metric name and exact
 * attributes.
 */
public final class CollectedMetrics {
  private final Collection<MetricData> metrics;

  private CollectedMetrics(Collection<MetricData> metrics) {
    this.metrics = metrics;
  }

  /** Collects {@code reader} now. */
  public static CollectedMetrics collect(InMemoryMetricReader reader) {
    return new CollectedMetrics(reader.collectAllMetrics());
  }

  /** Wraps one collection, e.g. {@code InMemoryTelemetry.collect()}. */
  public static CollectedMetrics of(Collection<MetricData> metrics) {
    return new CollectedMetrics(metrics);
  }

  /** Everything collected. */
  public Collection<MetricData> all() {
    return metrics;
  }

  /** The metric {@code name}, if it has points. */
  public Optional<MetricData> metric(String name) {
    return metrics.stream().filter(m -> m.getName().equals(name)).findFirst();
  }

  /** Every point of {@code name}. */
  public List<PointData> points(String name) {
    return metric(name).map(m -> List.<PointData>copyOf(m.getData().getPoints())).orElse(List.of());
  }

  /** Every point of every metric. */
  public List<PointData> allPoints() {
    List<PointData> points = new ArrayList<>();
    metrics.forEach(m -> points.addAll(m.getData().getPoints()));
    return points;
  }

  /** The integer value of {@code name} at exactly {@code attributes}. */
  public OptionalLong longValue(String name, Attributes attributes) {
    return points(name).stream()
        .filter(p -> p.getAttributes().equals(attributes) && p instanceof LongPointData)
        .mapToLong(p -> ((LongPointData) p).getValue())
        .findFirst();
  }

  /** The floating-point value of {@code name} at exactly {@code attributes}. */
  public OptionalDouble doubleValue(String name, Attributes attributes) {
    return points(name).stream()
        .filter(p -> p.getAttributes().equals(attributes) && p instanceof DoublePointData)
        .mapToDouble(p -> ((DoublePointData) p).getValue())
        .findFirst();
  }

  /** Points of {@code name} whose attributes include {@code server.port = port}. */
  public List<PointData> pointsOfNode(String name, int port) {
    return points(name).stream()
        .filter(
            p -> Long.valueOf(port).equals(p.getAttributes().get(ServerMetricNames.SERVER_PORT)))
        .toList();
  }
}
