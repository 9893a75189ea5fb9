package dev.redlens.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redlens.core.catalog.CommandArguments;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerBuilder;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A span the SDK's sampler is certain to drop is not started at all (no span builder, no ids), when
 * the sampler is one of the SDK's own whose decision is known up front; every other sampler is
 * asked for every span, as before, so no span it would keep is lost. Whether the SDK started a span
 * shows in its id generator, which it calls for every span it starts, sampled or not. Metrics are
 * recorded either way.
 */
class UnsampledSpansTest {

  private static final Context SAMPLED_PARENT = parent(TraceFlags.getSampled(), false);
  private static final Context UNSAMPLED_PARENT = parent(TraceFlags.getDefault(), false);
  private static final Context UNSAMPLED_REMOTE_PARENT = parent(TraceFlags.getDefault(), true);

  private final AtomicInteger spansStarted = new AtomicInteger();
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private OpenTelemetrySdk sdk;
  private RedisTelemetry telemetry;

  @AfterEach
  void close() {
    telemetry.close();
    sdk.close();
  }

  @Test
  void alwaysOffStartsNoSpanButRecordsTheMetrics() {
    connect(Sampler.alwaysOff());

    command(Context.root());
    command(SAMPLED_PARENT);
    command(UNSAMPLED_PARENT);

    assertThat(spansStarted).hasValue(0);
    assertThat(commandsMeasured()).isEqualTo(3);
  }

  @Test
  void aNullParentIsTheCurrentContextWhenASpanMayStart() {
    connect(Sampler.parentBased(Sampler.alwaysOff()));

    command(null); // no current span: a root, dropped
    assertThat(spansStarted).hasValue(0);
    try (io.opentelemetry.context.Scope ignored = SAMPLED_PARENT.makeCurrent()) {
      command(null);
    }
    assertThat(spansStarted).hasValue(1);
    assertThat(spans.getFinishedSpanItems().get(0).getParentSpanContext())
        .isEqualTo(Span.fromContext(SAMPLED_PARENT).getSpanContext());
    assertThat(commandsMeasured()).isEqualTo(2);
  }

  @Test
  void parentBasedAlwaysOffStartsOnlyTheSpansOfSampledParents() {
    connect(Sampler.parentBased(Sampler.alwaysOff()));

    command(Context.root());
    command(UNSAMPLED_PARENT);
    command(UNSAMPLED_REMOTE_PARENT);
    assertThat(spansStarted).hasValue(0);

    command(SAMPLED_PARENT);
    assertThat(spansStarted).hasValue(1);
    assertThat(spans.getFinishedSpanItems()).hasSize(1);
    assertThat(commandsMeasured()).isEqualTo(4);
  }

  @Test
  void theSdkDefaultKeepsRootSpansAndSkipsChildrenOfUnsampledParents() {
    connect(Sampler.parentBased(Sampler.alwaysOn()));

    command(UNSAMPLED_PARENT);
    command(UNSAMPLED_REMOTE_PARENT);
    assertThat(spansStarted).hasValue(0);

    command(Context.root());
    command(SAMPLED_PARENT);
    assertThat(spans.getFinishedSpanItems()).hasSize(2);
  }

  @Test
  void aParentBasedRatioSamplerStillDecidesRootSpans() {
    connect(Sampler.parentBased(Sampler.traceIdRatioBased(0.25)));

    command(UNSAMPLED_PARENT);
    assertThat(spansStarted).hasValue(0);

    for (int i = 0; i < 200; i++) {
      command(Context.root());
    }
    assertThat(spansStarted).hasValue(200); // each root asked the sampler, some were kept
    assertThat(spans.getFinishedSpanItems()).isNotEmpty().hasSizeLessThan(200);
  }

  @Test
  void aRatioNotPrintedExactlyIsNotRecognizedAndEverySpanIsStarted() {
    connect(Sampler.parentBased(Sampler.traceIdRatioBased(0.1234567)));

    command(UNSAMPLED_PARENT);

    assertThat(spansStarted).hasValue(1);
  }

  @Test
  void aSamplerOfTheApplicationsOwnIsAskedForEverySpan() {
    // describes itself as the SDK's always-off sampler, but keeps every span
    Sampler impostor = new KeepingSampler(Sampler.alwaysOff().getDescription());
    connect(impostor);

    command(Context.root());
    command(UNSAMPLED_PARENT);

    assertThat(spans.getFinishedSpanItems()).hasSize(2);
  }

  @Test
  void parentBasedWithDelegatesOfItsOwnIsAskedForEverySpan() {
    connect(
        Sampler.parentBasedBuilder(Sampler.alwaysOff())
            .setLocalParentNotSampled(Sampler.alwaysOn())
            .build());

    command(UNSAMPLED_PARENT);

    assertThat(spans.getFinishedSpanItems()).hasSize(1);
  }

  @Test
  void anSdkBehindAWrapperIsAskedForEverySpan() {
    connect(Sampler.alwaysOff());
    TracerProvider sdkTracers = sdk.getTracerProvider();
    TracerProvider wrapped =
        new TracerProvider() {
          @Override
          public Tracer get(String name) {
            return sdkTracers.get(name);
          }

          @Override
          public Tracer get(String name, String version) {
            return sdkTracers.get(name, version);
          }

          @Override
          public TracerBuilder tracerBuilder(String name) {
            return sdkTracers.tracerBuilder(name);
          }
        };
    telemetry.close();
    telemetry = RedisTelemetry.create(new WrappedOpenTelemetry(wrapped, sdk));

    command(Context.root());

    assertThat(spansStarted).hasValue(1); // started, then dropped by the sampler, as before
  }

  @Test
  void anSdkTracerProviderGivenDirectlyIsRecognized() {
    connect(Sampler.alwaysOff());
    telemetry.close();
    telemetry = RedisTelemetry.create(new WrappedOpenTelemetry(sdk.getSdkTracerProvider(), sdk));

    command(Context.root());

    assertThat(spansStarted).hasValue(0);
  }

  private void connect(Sampler sampler) {
    IdGenerator random = IdGenerator.random();
    IdGenerator counting =
        new IdGenerator() {
          @Override
          public String generateSpanId() {
            spansStarted.incrementAndGet();
            return random.generateSpanId();
          }

          @Override
          public String generateTraceId() {
            return random.generateTraceId();
          }
        };
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .setSampler(sampler)
                    .setIdGenerator(counting)
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
            .build();
    telemetry = RedisTelemetry.create(sdk);
  }

  private void command(Context parent) {
    telemetry.scope("127.0.0.1", 6390, 0).start("GET", CommandArguments.of("k"), parent).end("v");
  }

  private long commandsMeasured() {
    return metrics.collectAllMetrics().stream()
        .filter(m -> m.getName().equals(RedlensSemconv.METRIC_OPERATION_DURATION))
        .flatMap(m -> m.getHistogramData().getPoints().stream())
        .mapToLong(p -> p.getCount())
        .sum();
  }

  private static Context parent(TraceFlags flags, boolean remote) {
    String traceId = "0af7651916cd43dd8448eb211c80319c";
    String spanId = "b7ad6b7169203331";
    SpanContext context =
        remote
            ? SpanContext.createFromRemoteParent(traceId, spanId, flags, TraceState.getDefault())
            : SpanContext.create(traceId, spanId, flags, TraceState.getDefault());
    return Context.root().with(Span.wrap(context));
  }

  /** An OpenTelemetry of the application's own, over the SDK's tracer provider or a wrapper. */
  private record WrappedOpenTelemetry(TracerProvider tracers, OpenTelemetrySdk sdk)
      implements OpenTelemetry {
    @Override
    public TracerProvider getTracerProvider() {
      return tracers;
    }

    @Override
    public io.opentelemetry.api.metrics.MeterProvider getMeterProvider() {
      return sdk.getMeterProvider();
    }

    @Override
    public ContextPropagators getPropagators() {
      return ContextPropagators.noop();
    }
  }
}
