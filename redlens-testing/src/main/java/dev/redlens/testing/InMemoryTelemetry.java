package dev.redlens.testing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real OpenTelemetry SDK whose spans go to an {@link InMemorySpanExporter} and whose metrics are
 * read by an {@link InMemoryMetricReader} (cumulative), with look-ups by the Redlens attribute
 * names for assertions. {@link #failing()} builds one whose span processor and metric exporter
 * throw, to show that a broken backend never reaches the application.
 */
public final class InMemoryTelemetry implements AutoCloseable {

  private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("db.operation.name");
  private static final AttributeKey<String> CACHE_RESULT =
      AttributeKey.stringKey("redis.cache.result");
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  private static final AttributeKey<String> REDIRECTION =
      AttributeKey.stringKey("redis.cluster.redirection");
  private static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  private static final AttributeKey<String> STATUS_CODE =
      AttributeKey.stringKey("db.response.status_code");

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private final OpenTelemetrySdk sdk;

  public InMemoryTelemetry() {
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
            .build();
  }

  private InMemoryTelemetry(OpenTelemetrySdk sdk) {
    this.sdk = sdk;
  }

  /**
   * An SDK whose span processor throws on every start and end and whose metric exporter throws on
   * export.
   */
  public static InMemoryTelemetry failing() {
    SpanProcessor throwing =
        new SpanProcessor() {
          @Override
          public void onStart(Context parentContext, ReadWriteSpan span) {
            throw new IllegalStateException("span processor down (onStart)");
          }

          @Override
          public boolean isStartRequired() {
            return true;
          }

          @Override
          public void onEnd(ReadableSpan span) {
            throw new IllegalStateException("span processor down (onEnd)");
          }

          @Override
          public boolean isEndRequired() {
            return true;
          }
        };
    MetricExporter exporter =
        new MetricExporter() {
          @Override
          public CompletableResultCode export(Collection<MetricData> data) {
            throw new IllegalStateException("metric backend down");
          }

          @Override
          public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
            return AggregationTemporality.CUMULATIVE;
          }
        };
    return new InMemoryTelemetry(
        OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(throwing).build())
            .setMeterProvider(
                SdkMeterProvider.builder()
                    .registerMetricReader(
                        PeriodicMetricReader.builder(exporter)
                            .setInterval(Duration.ofMillis(20))
                            .build())
                    .build())
            .build());
  }

  public OpenTelemetry openTelemetry() {
    return sdk;
  }

  /** Forgets the spans finished so far (metrics are cumulative and stay). */
  public void reset() {
    spans.reset();
  }

  public List<SpanData> finishedSpans() {
    return spans.getFinishedSpanItems();
  }

  /** The finished spans with this name, in the order they ended. */
  public List<SpanData> spans(String name) {
    return finishedSpans().stream().filter(s -> s.getName().equals(name)).toList();
  }

  /**
   * The one finished span with this name, waiting up to {@value #WAIT_SECONDS} s for it to end
   * (clients such as Lettuce complete the caller's future just before they report the command);
   * fails if there is none or more than one.
   */
  public SpanData span(String name) {
    List<SpanData> matching = awaitSpans(name, 1);
    if (matching.size() != 1) {
      throw new AssertionError("expected exactly one span named " + name + ", got " + matching);
    }
    return matching.get(0);
  }

  /**
   * The finished spans with this name once there are at least {@code count} of them (waiting up to
   * {@value #WAIT_SECONDS} s); the spans there are then, possibly fewer, so that the caller's
   * assertion says what is missing.
   */
  public List<SpanData> awaitSpans(String name, int count) {
    long deadline = System.nanoTime() + WAIT_SECONDS * 1_000_000_000L;
    List<SpanData> matching = spans(name);
    while (matching.size() < count && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      matching = spans(name);
    }
    return matching;
  }

  private static final long WAIT_SECONDS = 10;

  /** Every metric collected now. */
  public Collection<MetricData> collect() {
    return metrics.collectAllMetrics();
  }

  /** The metric with this name collected now, or null. */
  public MetricData metric(String name) {
    return collect().stream().filter(m -> m.getName().equals(name)).findFirst().orElse(null);
  }

  /**
   * The value of the long sum (counter or up-down counter) point of {@code metric} with exactly
   * {@code attributes}, or null.
   */
  public Long sumPoint(String metric, io.opentelemetry.api.common.Attributes attributes) {
    MetricData data = metric(metric);
    if (data == null) {
      return null;
    }
    return data.getLongSumData().getPoints().stream()
        .filter(p -> java.util.Objects.equals(p.getAttributes(), attributes))
        .map(LongPointData::getValue)
        .findFirst()
        .orElse(null);
  }

  /**
   * The count of the histogram points of {@code metric} whose {@code key} is {@code value}, summed;
   * 0 if none.
   */
  public long histogramCount(String metric, AttributeKey<String> key, String value) {
    MetricData data = metric(metric);
    if (data == null) {
      return 0;
    }
    return data.getHistogramData().getPoints().stream()
        .filter(p -> value.equals(p.getAttributes().get(key)))
        .mapToLong(HistogramPointData::getCount)
        .sum();
  }

  /** The {@code db.client.operation.duration} points of one command summed into their count. */
  public long durationCount(String operation) {
    return durationPoints(operation).mapToLong(HistogramPointData::getCount).sum();
  }

  /** The one successful {@code db.client.operation.duration} point of one command. */
  public HistogramPointData durationPoint(String operation) {
    List<HistogramPointData> points =
        durationPoints(operation).filter(p -> p.getAttributes().get(ERROR_TYPE) == null).toList();
    if (points.size() != 1) {
      throw new AssertionError("expected one duration point for " + operation + ", got " + points);
    }
    return points.get(0);
  }

  private Stream<HistogramPointData> durationPoints(String operation) {
    MetricData metric = metric("db.client.operation.duration");
    if (metric == null) {
      return Stream.empty();
    }
    return metric.getHistogramData().getPoints().stream()
        .filter(p -> operation.equals(p.getAttributes().get(OPERATION)))
        .map(HistogramPointData.class::cast);
  }

  /**
   * The bounds {@code [lower, upper]} in seconds of the bucket holding the {@code quantile} of a
   * histogram point (upper is the point's max for the last bucket).
   */
  public double[] bucketOf(HistogramPointData point, double quantile) {
    long rank = (long) Math.ceil(quantile * point.getCount());
    List<Double> bounds = point.getBoundaries();
    List<Long> counts = point.getCounts();
    long cumulative = 0;
    for (int i = 0; i < counts.size(); i++) {
      cumulative += counts.get(i);
      if (cumulative >= rank) {
        double lower = i == 0 ? 0.0 : bounds.get(i - 1);
        double upper = i < bounds.size() ? bounds.get(i) : point.getMax();
        return new double[] {lower, upper};
      }
    }
    throw new AssertionError("quantile " + quantile + " not found in " + point);
  }

  /** {@code redis.client.cache.requests} of one command and result ({@code hit}/{@code miss}). */
  public long cacheRequests(String operation, String result) {
    return sum(
        "redis.client.cache.requests",
        p ->
            operation.equals(p.getAttributes().get(OPERATION))
                && result.equals(p.getAttributes().get(CACHE_RESULT)));
  }

  /**
   * {@code redis.client.operation.errors} of one error type and status code (null: any status
   * code).
   */
  public long errorCount(String errorType, String statusCode) {
    return sum(
        "redis.client.operation.errors",
        p ->
            errorType.equals(p.getAttributes().get(ERROR_TYPE))
                && (statusCode == null || statusCode.equals(p.getAttributes().get(STATUS_CODE))));
  }

  /**
   * {@code redis.client.cluster.redirections} of one kind ({@code moved}, {@code ask}) answered by
   * the node listening on {@code port}.
   */
  public long redirections(String kind, int port) {
    return sum(
        "redis.client.cluster.redirections",
        p ->
            kind.equals(p.getAttributes().get(REDIRECTION))
                && Long.valueOf(port).equals(p.getAttributes().get(SERVER_PORT)));
  }

  /** {@code redis.client.operation.slow} of one command. */
  public long slowCount(String operation) {
    return sum(
        "redis.client.operation.slow", p -> operation.equals(p.getAttributes().get(OPERATION)));
  }

  private long sum(String name, java.util.function.Predicate<LongPointData> filter) {
    MetricData metric = metric(name);
    if (metric == null) {
      return 0;
    }
    return metric.getLongSumData().getPoints().stream()
        .filter(filter)
        .mapToLong(LongPointData::getValue)
        .sum();
  }

  @Override
  public void close() {
    sdk.shutdown().join(5, java.util.concurrent.TimeUnit.SECONDS);
  }
}
