package dev.redlens.info;

import static dev.redlens.info.ServerMetricNames.SERVER_ADDRESS;
import static dev.redlens.info.ServerMetricNames.SERVER_PORT;

import dev.redlens.testing.InMemoryTelemetry;
import dev.redlens.testing.RedisServer;
import io.opentelemetry.api.common.Attributes;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ServerMetrics} reporting to an in-memory SDK, with the helpers the integration tests
 * share: poll now, collect, read one node's value, find the polling thread.
 */
final class MetricsUnderTest implements AutoCloseable {
  private final InMemoryTelemetry telemetry;
  final ServerMetrics metrics;

  /**
   * Polls {@code servers} only when the test asks ({@link #pollNow()}), after a first round at
   * start: the interval is far longer than any test.
   */
  static MetricsUnderTest onDemand(RedisServer... servers) {
    return start(Duration.ofHours(1), Duration.ofSeconds(5), servers);
  }

  /** Polls every {@code interval} with the given per-command timeout. */
  static MetricsUnderTest start(Duration interval, Duration timeout, RedisServer... servers) {
    InMemoryTelemetry telemetry = new InMemoryTelemetry();
    ServerMetrics.Builder builder =
        ServerMetrics.builder(telemetry.openTelemetry()).setInterval(interval).setTimeout(timeout);
    for (RedisServer server : servers) {
      builder.addNode(server.uriWithPassword());
    }
    return new MetricsUnderTest(telemetry, builder);
  }

  /** Polls nodes given as URIs (credentials or not) every {@code interval}. */
  static MetricsUnderTest startUris(Duration interval, Duration timeout, String... uris) {
    InMemoryTelemetry telemetry = new InMemoryTelemetry();
    ServerMetrics.Builder builder =
        ServerMetrics.builder(telemetry.openTelemetry()).setInterval(interval).setTimeout(timeout);
    for (String uri : uris) {
      builder.addNode(uri);
    }
    return new MetricsUnderTest(telemetry, builder);
  }

  private MetricsUnderTest(InMemoryTelemetry telemetry, ServerMetrics.Builder builder) {
    this.telemetry = telemetry;
    this.metrics = builder.start();
  }

  /** Runs one round of polls and waits for it. */
  void pollNow() {
    try {
      metrics.pollNow().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("pollNow failed", e);
    }
  }

  /** One collection of the SDK. */
  CollectedMetrics collect() {
    return CollectedMetrics.of(telemetry.collect());
  }

  /** Polls, then collects. */
  CollectedMetrics pollAndCollect() {
    pollNow();
    return collect();
  }

  /** The status of {@code server}'s node. */
  NodeStatus status(RedisServer server) {
    return metrics.node(server.host(), server.port()).orElseThrow();
  }

  /** The attributes of a point of {@code server} that has no other attribute. */
  static Attributes node(RedisServer server) {
    return Attributes.of(SERVER_ADDRESS, server.host(), SERVER_PORT, (long) server.port());
  }

  /** {@code name} of {@code server} (no other attribute), failing if absent. */
  static long value(CollectedMetrics collected, String name, RedisServer server) {
    OptionalLong value = collected.longValue(name, node(server));
    if (value.isEmpty()) {
      throw new AssertionError(
          name + " has no point for " + server + "; points: " + collected.points(name));
    }
    return value.getAsLong();
  }

  /** {@code name} of {@code server} with one more attribute, failing if absent. */
  static <T> long value(
      CollectedMetrics collected,
      String name,
      RedisServer server,
      io.opentelemetry.api.common.AttributeKey<T> key,
      T attributeValue) {
    Attributes attributes = node(server).toBuilder().put(key, attributeValue).build();
    OptionalLong value = collected.longValue(name, attributes);
    if (value.isEmpty()) {
      throw new AssertionError(
          name + " has no point at " + attributes + "; points: " + collected.points(name));
    }
    return value.getAsLong();
  }

  /** The polling thread of this JVM, if one runs. */
  static Optional<Thread> pollerThread() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals(ServerMetrics.THREAD_NAME) && t.isAlive())
        .findFirst();
  }

  @Override
  public void close() {
    metrics.close();
    telemetry.close();
  }
}
