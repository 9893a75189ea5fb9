package dev.redlens.service.internal.api;

import dev.redlens.core.RedlensSemconv;
import dev.redlens.service.internal.telemetry.RequestTally;
import io.opentelemetry.api.trace.Span;
import java.time.Duration;
import java.util.UUID;

/**
 * One API request as its endpoint sees it: the SERVER span that parents its Redis spans, and the
 * tally of what the instrumentation recorded for this request alone (its own trace).
 */
final class Exchange {

  /** How long a request waits for its last spans to end after its last command returned. */
  static final Duration SETTLE_LIMIT = Duration.ofSeconds(2);

  private final Span span;
  private final RequestTally tally;

  Exchange(Span span, RequestTally tally) {
    this.span = span;
    this.tally = tally;
  }

  /** Records the request's project on its span. */
  void project(UUID projectId) {
    span.setAttribute(RedlensSemconv.REDLENS_PROJECT_ID, projectId.toString());
  }

  String traceId() {
    return span.getSpanContext().getTraceId();
  }

  /** Redis spans this request started so far. */
  long spansCreated() {
    return tally.spans();
  }

  /**
   * What the instrumentation recorded for this request, once its spans have ended (null when the
   * request's trace is not sampled: then its spans are not recorded and cannot be counted).
   */
  RequestTally.Recorded recorded() {
    return span.getSpanContext().isSampled() ? tally.settle(SETTLE_LIMIT) : null;
  }
}
