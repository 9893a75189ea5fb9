package dev.redlens.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.core.RedisTelemetryBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code RedisTelemetryBuilder#setRootSpans}: off, a command without an active parent span records
 * its metrics and creates no span at all; a command inside a span still gets its own. On (the
 * default), both get one.
 */
public abstract class RootSpansSuite extends ConformanceSuite {

  @Test
  void rootSpansOffRecordsMetricsOnlyForACommandWithoutAParent() {
    List<SpanData> gets = getOutsideThenInsideASpan(false);

    assertThat(gets).hasSize(1); // the parented one only: the first made no span at all
    assertThat(gets.get(0).getParentSpanContext().isValid()).isTrue();
    assertThat(otel.durationCount("GET")).isEqualTo(2);
    assertThat(otel.cacheRequests("GET", "miss")).isEqualTo(2);
  }

  @Test
  void rootSpansOnByDefaultGiveACommandWithoutAParentItsOwnTrace() {
    List<SpanData> gets = getOutsideThenInsideASpan(true);

    assertThat(gets).hasSize(2);
    assertThat(gets.get(0).getParentSpanContext().isValid()).isFalse();
    assertThat(gets.get(1).getParentSpanContext().isValid()).isTrue();
    assertThat(otel.durationCount("GET")).isEqualTo(2);
  }

  /**
   * One GET with no active span, then one inside a span, through a client on a telemetry of its
   * own; the GET spans in the order they ended (the first ended before the second was sent).
   */
  private List<SpanData> getOutsideThenInsideASpan(boolean rootSpans) {
    RedisTelemetryBuilder builder = RedisTelemetry.builder(otel.openTelemetry());
    if (!rootSpans) {
      builder.setRootSpans(false);
    }
    try (RedisTelemetry own = builder.build();
        RedisDriver other = open(own, server().uri())) {
      otel.reset(); // the warm-up ECHO
      other.get("no-parent");
      Span parent = otel.openTelemetry().getTracer("test").spanBuilder("job").startSpan();
      try (Scope ignored = parent.makeCurrent()) {
        other.get("in-a-job");
      } finally {
        parent.end();
      }
      otel.awaitSpans("job", 1);
      return otel.awaitSpans("GET", rootSpans ? 2 : 1);
    }
  }
}
