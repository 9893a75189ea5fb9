package dev.redlens.service.internal.telemetry;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;

/** Wraps the configured span exporter to record each export's outcome in an {@link ExportState}. */
final class TrackingSpanExporter implements SpanExporter {

  private final SpanExporter delegate;
  private final ExportState state;

  TrackingSpanExporter(SpanExporter delegate, ExportState state) {
    this.delegate = delegate;
    this.state = state;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    return state.track(delegate.export(spans), spans.size());
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
