package dev.redlens.core.internal.recording;

import static dev.redlens.core.RedlensSemconv.*;

import dev.redlens.core.TelemetrySnapshot;
import dev.redlens.core.catalog.CommandArguments;
import dev.redlens.core.catalog.CommandCatalog;
import dev.redlens.core.instrumentation.ClientScope;
import dev.redlens.core.instrumentation.OnceLogger;
import dev.redlens.core.instrumentation.ReplyInspector;
import dev.redlens.core.internal.CardinalityLimiter;
import dev.redlens.core.internal.ErrorClassification;
import dev.redlens.core.internal.SeriesBudget;
import dev.redlens.core.internal.sanitize.ErrorMessages;
import dev.redlens.core.internal.sanitize.QuerySanitizer;
import dev.redlens.core.internal.sanitize.QueryTextMode;
import dev.redlens.core.internal.stats.LocalStatistics;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import java.util.function.LongSupplier;

/**
 * The recording engine of one {@code RedisTelemetry}: the tracer, the client instruments, the local
 * statistics and the cardinality bounds, and the command path between them (span start, then on the
 * reply: statistics, metrics, span end). Every call into OpenTelemetry is guarded: a failing
 * tracer, meter or backend is logged once and never reaches the application.
 */
public final class Recorder implements AutoCloseable {

  private static final OnceLogger LOG = new OnceLogger(Recorder.class);

  final CommandCatalog catalog;
  final CardinalityLimiter projects;
  final CardinalityLimiter unknownCommands;
  final LocalStatistics statistics;
  final boolean projectOnDuration;
  final boolean boundInstruments;
  // the series each client instrument gets (attribute sets are admitted once, when built)
  final SeriesBudget durationSeries;
  final SeriesBudget errorSeries;
  final SeriesBudget slowSeries;
  final SeriesBudget cacheSeries;
  private final CardinalityLimiter statusCodes;
  private final LongSupplier nanoClock;
  private final Tracer tracer;
  private final Meter meter;
  final ClientInstruments instruments;
  private final QuerySanitizer sanitizer;
  private final boolean captureQueryText;
  private final boolean spans; // false: no span can start (tracing off, or every one dropped)
  private final boolean rootSpans;
  private final KnownSampler sampler;
  private final boolean sanitizeErrors;
  private final long slowNanos;

  public Recorder(RecorderConfig config) {
    OpenTelemetry openTelemetry = config.openTelemetry();
    String version = Recorder.class.getPackage().getImplementationVersion();
    var tracerBuilder = openTelemetry.getTracerProvider().tracerBuilder(INSTRUMENTATION_SCOPE);
    var meterBuilder = openTelemetry.getMeterProvider().meterBuilder(INSTRUMENTATION_SCOPE);
    if (version != null) {
      tracerBuilder.setInstrumentationVersion(version);
      meterBuilder.setInstrumentationVersion(version);
    }
    this.tracer =
        config.tracingEnabled()
            ? tracerBuilder.build()
            : TracerProvider.noop().get(INSTRUMENTATION_SCOPE);
    this.catalog = config.catalog() != null ? config.catalog() : CommandCatalog.builtIn();
    this.projects = new CardinalityLimiter(config.maxProjects());
    this.unknownCommands = new CardinalityLimiter(config.maxUnknownCommands());
    this.statusCodes = new CardinalityLimiter(config.maxStatusCodes());
    this.projectOnDuration = config.projectOnDuration();
    this.boundInstruments = config.boundInstruments();
    this.durationSeries = new SeriesBudget(config.maxSeriesPerInstrument());
    this.errorSeries = new SeriesBudget(config.maxSeriesPerInstrument());
    this.slowSeries = new SeriesBudget(config.maxSeriesPerInstrument());
    this.cacheSeries = new SeriesBudget(config.maxSeriesPerInstrument());
    this.nanoClock = config.nanoClock();
    this.statistics = new LocalStatistics(config.hitRatioWindow(), nanoClock);
    this.meter = meterBuilder.build();
    this.instruments = new ClientInstruments(meter, statistics::windowHitRatio, statistics);
    this.sanitizer =
        QuerySanitizer.create(
            config.sanitizeQueryText() ? QueryTextMode.SANITIZED : QueryTextMode.RAW,
            config.maskKeys(),
            config.maxQueryTextLength());
    this.captureQueryText = config.captureQueryText();
    this.rootSpans = config.rootSpans();
    this.sampler = config.tracingEnabled() ? KnownSampler.of(openTelemetry) : KnownSampler.UNKNOWN;
    // a sampler that drops every span: the command path does not even look up the parent
    this.spans = config.tracingEnabled() && !sampler.dropsAll();
    this.sanitizeErrors = config.sanitizeQueryText();
    this.slowNanos = config.slowOperationThreshold().toNanos();
  }

  /**
   * A scope for commands sent to one server and database ({@code address} and {@code namespace} may
   * be null when unknown, {@code port} -1).
   */
  public ClientScope scope(String address, int port, String namespace) {
    return new RecordingScope(this, address, port, namespace, null, ReplyInspector.DEFAULT);
  }

  /** The command catalog commands are resolved with. */
  public CommandCatalog catalog() {
    return catalog;
  }

  /** The meter of the client instruments (pool instruments share it). */
  public Meter meter() {
    return meter;
  }

  /** Everything recorded so far. */
  public TelemetrySnapshot snapshot() {
    return statistics.snapshot();
  }

  /** What was recorded on behalf of one project (empty when nothing was). */
  public TelemetrySnapshot snapshot(String projectId) {
    return statistics.projectSnapshot(projectId);
  }

  /** Stops the observable instruments; commands recorded afterwards are still counted. */
  @Override
  public void close() {
    instruments.close();
  }

  /** Logs a degradation once per kind. */
  public void degraded(String kind, String message, Throwable error) {
    LOG.warnOnce(kind, message, error);
  }

  long nanoTime() {
    return nanoClock.getAsLong();
  }

  // ---- the command path

  RecordingOperation start(
      CommandBinding binding, CommandArguments args, Context parent, Attributes connection) {
    long startNanos = nanoClock.getAsLong();
    Span span = spans ? startSpan(binding, args, parent, connection) : Span.getInvalid();
    return new RecordingOperation(binding, span, startNanos);
  }

  private Span startSpan(
      CommandBinding binding, CommandArguments args, Context parent, Attributes connection) {
    Span span = Span.getInvalid();
    try {
      Context context = parent == null ? Context.current() : parent;
      SpanContext parentSpan = Span.fromContext(context).getSpanContext();
      KnownSampler.Decision decision = sampler.decide(parentSpan);
      if ((!rootSpans && !parentSpan.isValid()) || decision == KnownSampler.Decision.DROP) {
        // no parent and no root spans wanted, or a span the SDK's sampler is certain to drop
        // (KnownSampler): metrics only, not even an unsampled span
        return span;
      }
      SpanBuilder builder =
          tracer
              .spanBuilder(binding.operationName)
              .setSpanKind(SpanKind.CLIENT)
              .setParent(context)
              .setAllAttributes(binding.spanStartAttributes);
      if (!connection.isEmpty()) {
        builder.setAllAttributes(connection);
      }
      boolean described = decision == KnownSampler.Decision.RECORD;
      if (described) {
        // certain to record: the rest on the builder too, not by a locked call on the span each
        describe(builder, binding, args);
      }
      span = builder.startSpan();
      if (!described && span.isRecording()) {
        describe(span, binding, args);
      }
    } catch (Throwable e) {
      degraded("span-start", "Redlens could not start a span; the command goes on without one", e);
    }
    return span; // started even if describing it failed, so that it is ended with the command
  }

  /** The query text and key count of a recording span (they take reading the arguments). */
  private void describe(SpanBuilder span, CommandBinding binding, CommandArguments args) {
    if (captureQueryText) {
      span.setAttribute(DB_QUERY_TEXT, queryText(binding, args));
    }
    if (binding.spec != null) {
      span.setAttribute(REDIS_KEY_COUNT, (long) binding.spec.keyCount(args));
    }
  }

  /** The same on a started span (whose sampler had to be asked first). */
  private void describe(Span span, CommandBinding binding, CommandArguments args) {
    if (captureQueryText) {
      span.setAttribute(DB_QUERY_TEXT, queryText(binding, args));
    }
    if (binding.spec != null) {
      span.setAttribute(REDIS_KEY_COUNT, (long) binding.spec.keyCount(args));
    }
  }

  private String queryText(CommandBinding binding, CommandArguments args) {
    return sanitizer.sanitize(binding.operationName, binding.spec, args);
  }

  void recordRedirection(Attributes attributes) {
    instruments.redirections.add(1, attributes);
  }

  void finish(
      RecordingOperation operation,
      long nanos,
      long hits,
      long misses,
      ErrorClassification error,
      Object failure) {
    CommandBinding binding = operation.binding;
    boolean slow = nanos >= slowNanos;
    try {
      // local statistics first: they must not depend on the OpenTelemetry backend working
      statistics.record(
          binding.stats, nanos / 1_000, slow, error == null ? null : error.errorType());
      if (hits != 0 || misses != 0) {
        // the window takes the command's end time: no third clock read per command
        statistics.recordCache(binding.stats, hits, misses, operation.startNanos + nanos);
      }
    } catch (Throwable e) {
      degraded("statistics", "Redlens could not record the local statistics of a command", e);
    }
    try {
      recordMetrics(binding, nanos, slow, hits, misses, error);
    } catch (Throwable e) {
      degraded("metrics", "Redlens could not record metrics of a command", e);
    }
    try {
      endSpan(operation, hits, misses, error, failure);
    } catch (Throwable e) {
      degraded("span-end", "Redlens could not end a span", e);
    }
  }

  private void recordMetrics(
      CommandBinding binding,
      long nanos,
      boolean slow,
      long hits,
      long misses,
      ErrorClassification error) {
    double seconds = nanos / 1e9;
    if (error == null) {
      binding.duration.record(seconds);
    } else {
      String statusCode = error.statusCode() == null ? null : statusCodes.limit(error.statusCode());
      Attributes[] errorAttributes = binding.errorAttributes(error.errorType(), statusCode);
      instruments.duration.record(seconds, errorAttributes[0]);
      instruments.errors.add(1, errorAttributes[1]);
    }
    if (slow) {
      binding.slow.add(1);
    }
    if (hits != 0) {
      binding.hit.add(hits);
    }
    if (misses != 0) {
      binding.miss.add(misses);
    }
  }

  private void endSpan(
      RecordingOperation operation,
      long hits,
      long misses,
      ErrorClassification error,
      Object failure) {
    Span span = operation.span;
    try {
      if (span.isRecording()) {
        describeEnd(span, operation.batchSize, hits, misses, error, failure);
      }
    } finally {
      span.end(); // even if describing it failed: a span that never ends would leak in the backend
    }
  }

  private void describeEnd(
      Span span,
      long batchSize,
      long hits,
      long misses,
      ErrorClassification error,
      Object failure) {
    if (batchSize >= 0) {
      span.setAttribute(DB_OPERATION_BATCH_SIZE, batchSize);
    }
    if (hits != 0 || misses != 0) {
      span.setAttribute(REDIS_CACHE_RESULT, misses == 0 ? CACHE_HIT : CACHE_MISS);
      if (hits + misses > 1) {
        span.setAttribute(REDIS_CACHE_HITS, hits);
        span.setAttribute(REDIS_CACHE_MISSES, misses);
      }
    }
    if (error != null) {
      describeError(span, error, failure);
    }
  }

  private void describeError(Span span, ErrorClassification error, Object failure) {
    span.setAttribute(ERROR_TYPE, error.errorType());
    if (error.statusCode() != null) {
      span.setAttribute(DB_RESPONSE_STATUS_CODE, error.statusCode());
    }
    if (failure instanceof Throwable throwable) {
      String message = throwable.getMessage();
      String shown = ErrorMessages.forSpan(message, sanitizeErrors);
      span.setStatus(StatusCode.ERROR, String.valueOf(shown));
      if (shown == null || shown.equals(message)) {
        span.recordException(throwable);
      } else {
        // the stack trace would repeat the message: record the exception without it
        span.addEvent(
            EXCEPTION_EVENT,
            Attributes.of(
                EXCEPTION_TYPE, throwable.getClass().getName(), EXCEPTION_MESSAGE, shown));
      }
    } else {
      span.setStatus(
          StatusCode.ERROR,
          String.valueOf(ErrorMessages.forSpan(String.valueOf(failure), sanitizeErrors)));
    }
  }
}
