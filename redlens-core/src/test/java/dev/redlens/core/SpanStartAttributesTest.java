package dev.redlens.core;

import static dev.redlens.core.RedlensSemconv.DB_QUERY_TEXT;
import static dev.redlens.core.RedlensSemconv.NETWORK_PEER_ADDRESS;
import static dev.redlens.core.RedlensSemconv.NETWORK_PEER_PORT;
import static dev.redlens.core.RedlensSemconv.REDIS_COMMAND_CATEGORY;
import static dev.redlens.core.RedlensSemconv.REDIS_KEY_COUNT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.redlens.core.catalog.CommandArguments;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a span carries when it starts. A span the SDK's sampler is certain to record gets the query
 * text, the key count, the category and the connection's attributes on its builder, all at once;
 * with any other sampler the query text and key count are set once the span is known to record.
 * Either way the ended span is the same, and the connection's attributes never reach a metric.
 */
class SpanStartAttributesTest {

  private static final Attributes CONNECTION =
      Attributes.of(NETWORK_PEER_ADDRESS, "10.0.0.7", NETWORK_PEER_PORT, 6391L);

  private final List<Attributes> atStart = new ArrayList<>();
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
  void aSpanCertainToRecordStartsWithEveryAttributeKnownAtItsStart() {
    connect(Sampler.alwaysOn());

    command();

    assertThat(atStart).hasSize(1);
    assertThat(atStart.get(0).get(DB_QUERY_TEXT)).isEqualTo("SET user:1 ?");
    assertThat(atStart.get(0).get(REDIS_KEY_COUNT)).isEqualTo(1L);
    assertThat(atStart.get(0).get(REDIS_COMMAND_CATEGORY)).isEqualTo("write");
    assertThat(atStart.get(0).get(NETWORK_PEER_ADDRESS)).isEqualTo("10.0.0.7");
    assertEndedSpanIsComplete();
  }

  @Test
  void withASamplerOfItsOwnTheArgumentsAreReadOnlyOnceTheSpanRecords() {
    connect(new KeepingSampler("KeepEverything"));

    command();

    // the sampler was asked first: query text and key count came after the start
    assertThat(atStart.get(0).get(DB_QUERY_TEXT)).isNull();
    assertThat(atStart.get(0).get(REDIS_KEY_COUNT)).isNull();
    assertThat(atStart.get(0).get(REDIS_COMMAND_CATEGORY)).isEqualTo("write");
    assertThat(atStart.get(0).get(NETWORK_PEER_ADDRESS)).isEqualTo("10.0.0.7");
    assertEndedSpanIsComplete();
  }

  @Test
  void theConnectionsAttributesAreOnTheSpanOnly() {
    connect(Sampler.alwaysOn());

    command();

    List<String> metricKeys =
        metrics.collectAllMetrics().stream()
            .flatMap(metric -> metric.getData().getPoints().stream())
            .flatMap(point -> point.getAttributes().asMap().keySet().stream())
            .map(AttributeKey::getKey)
            .toList();
    assertThat(metricKeys).isNotEmpty().doesNotContain(NETWORK_PEER_ADDRESS.getKey());
  }

  private void assertEndedSpanIsComplete() {
    SpanData span = spans.getFinishedSpanItems().get(0);
    assertThat(span.getAttributes().get(DB_QUERY_TEXT)).isEqualTo("SET user:1 ?");
    assertThat(span.getAttributes().get(REDIS_KEY_COUNT)).isEqualTo(1L);
    assertThat(span.getAttributes().get(REDIS_COMMAND_CATEGORY)).isEqualTo("write");
    assertThat(span.getAttributes().get(NETWORK_PEER_ADDRESS)).isEqualTo("10.0.0.7");
    assertThat(span.getAttributes().get(NETWORK_PEER_PORT)).isEqualTo(6391L);
  }

  private void command() {
    telemetry
        .scope("127.0.0.1", 6390, 0)
        .start("SET", CommandArguments.of("user:1", "secret"), Context.root(), CONNECTION)
        .end("OK");
  }

  private void connect(Sampler sampler) {
    SpanProcessor startObserver =
        new SpanProcessor() {
          @Override
          public void onStart(Context parentContext, ReadWriteSpan span) {
            atStart.add(span.toSpanData().getAttributes());
          }

          @Override
          public boolean isStartRequired() {
            return true;
          }

          @Override
          public void onEnd(ReadableSpan span) {}

          @Override
          public boolean isEndRequired() {
            return false;
          }
        };
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .setSampler(sampler)
                    .addSpanProcessor(startObserver)
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
            .build();
    telemetry = RedisTelemetry.create(sdk);
  }
}
