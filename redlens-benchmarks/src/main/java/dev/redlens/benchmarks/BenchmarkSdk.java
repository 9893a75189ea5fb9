package dev.redlens.benchmarks;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.Collection;

/**
 * The OpenTelemetry SDK as production configures it, with exporters that drop everything: a batch
 * span processor (every span sampled, or none: "metrics only") and a periodic metric reader with
 * cumulative temporality. Every instrumented variant of every benchmark uses this same setup.
 */
public final class BenchmarkSdk {

  private BenchmarkSdk() {}

  /** Spans: {@code sampled} every one, else none (metrics only). */
  public static OpenTelemetrySdk create(boolean sampled) {
    SpanExporter spans = SpanExporter.composite(); // of nothing: drops every span
    MetricExporter metrics =
        new MetricExporter() {
          @Override
          public CompletableResultCode export(Collection<MetricData> batch) {
            return CompletableResultCode.ofSuccess();
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
          public AggregationTemporality getAggregationTemporality(InstrumentType type) {
            return AggregationTemporality.CUMULATIVE;
          }
        };
    return OpenTelemetrySdk.builder()
        .setTracerProvider(
            SdkTracerProvider.builder()
                .setSampler(sampled ? Sampler.alwaysOn() : Sampler.alwaysOff())
                .addSpanProcessor(BatchSpanProcessor.builder(spans).build())
                .build())
        .setMeterProvider(
            SdkMeterProvider.builder()
                .registerMetricReader(
                    PeriodicMetricReader.builder(metrics)
                        .setInterval(Duration.ofSeconds(10))
                        .build())
                .build())
        .build();
  }
}
