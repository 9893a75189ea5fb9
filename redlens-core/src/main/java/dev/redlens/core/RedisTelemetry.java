package dev.redlens.core;

import static dev.redlens.core.RedlensSemconv.*;

import dev.redlens.core.catalog.CacheRead;
import dev.redlens.core.catalog.CommandArguments;
import dev.redlens.core.catalog.CommandCatalog;
import dev.redlens.core.internal.CardinalityLimiter;
import dev.redlens.core.internal.ClientInstruments;
import dev.redlens.core.internal.ErrorClassification;
import dev.redlens.core.internal.OnceLogger;
import dev.redlens.core.internal.sanitize.ErrorMessages;
import dev.redlens.core.internal.sanitize.QuerySanitizer;
import dev.redlens.core.internal.sanitize.QueryTextMode;
import dev.redlens.core.internal.stats.LocalStatistics;
import dev.redlens.core.pool.PoolTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * OpenTelemetry telemetry of Redis commands: a span per command and the client metrics of the
 * Redlens telemetry contract ({@link RedlensSemconv}), plus local statistics for {@link
 * #snapshot()}. It uses the OpenTelemetry API only; the application brings the SDK.
 *
 * <pre>{@code
 * RedisTelemetry telemetry = RedisTelemetry.builder(openTelemetry)
 *     .setSlowOperationThreshold(Duration.ofMillis(100))
 *     .build();
 * LettuceTelemetry.create(telemetry).instrument(redisClient);
 * TelemetrySnapshot snapshot = telemetry.snapshot();
 * }</pre>
 *
 * <p>Client integrations start each command through a {@link ClientScope}. Custom operations (the
 * specification's {@code trace_operation}) use {@link #traceOperation} or {@link #startOperation}.
 *
 * <p>Recording never throws into the application: a failing tracer, meter or backend is logged once
 * and the command goes on. Memory is constant whatever the number of commands.
 */
public final class RedisTelemetry implements AutoCloseable {

  private static final OnceLogger LOG = new OnceLogger(RedisTelemetry.class);

  final CommandCatalog catalog;
  final CardinalityLimiter projects;
  final CardinalityLimiter unknownCommands;
  final CardinalityLimiter statusCodes;
  final LocalStatistics statistics;
  final LongSupplier nanoClock;
  private final Tracer tracer;
  private final ClientInstruments instruments;
  private final Meter meter;
  private volatile PoolTelemetry pools;
  private final QuerySanitizer sanitizer;
  private final boolean captureQueryText;
  private final boolean sanitizeErrors;
  private final long slowNanos;
  private final ClientScope unscoped;
  private final AtomicBoolean closed = new AtomicBoolean();

  RedisTelemetry(RedisTelemetryBuilder builder) {
    OpenTelemetry openTelemetry = builder.openTelemetry;
    String version = RedisTelemetry.class.getPackage().getImplementationVersion();
    var tracerBuilder = openTelemetry.getTracerProvider().tracerBuilder(INSTRUMENTATION_SCOPE);
    var meterBuilder = openTelemetry.getMeterProvider().meterBuilder(INSTRUMENTATION_SCOPE);
    if (version != null) {
      tracerBuilder.setInstrumentationVersion(version);
      meterBuilder.setInstrumentationVersion(version);
    }
    this.tracer =
        builder.tracingEnabled
            ? tracerBuilder.build()
            : io.opentelemetry.api.trace.TracerProvider.noop().get(INSTRUMENTATION_SCOPE);
    this.catalog = builder.catalog != null ? builder.catalog : CommandCatalog.builtIn();
    this.projects = new CardinalityLimiter(builder.maxProjects);
    this.unknownCommands = new CardinalityLimiter(builder.maxUnknownCommands);
    this.statusCodes = new CardinalityLimiter(builder.maxStatusCodes);
    this.nanoClock = builder.nanoClock;
    this.statistics = new LocalStatistics(builder.hitRatioWindow, nanoClock);
    this.meter = meterBuilder.build();
    this.instruments = new ClientInstruments(meter, statistics::windowHitRatio, statistics);
    this.sanitizer =
        QuerySanitizer.create(
            builder.sanitizeQueryText ? QueryTextMode.SANITIZED : QueryTextMode.RAW,
            builder.maskKeys,
            builder.maxQueryTextLength);
    this.captureQueryText = builder.captureQueryText;
    this.sanitizeErrors = builder.sanitizeQueryText;
    this.slowNanos = builder.slowOperationThreshold.toNanos();
    this.unscoped = new ClientScope(this, null, -1, null, null, ReplyInspector.DEFAULT);
  }

  /** A telemetry with every default. */
  public static RedisTelemetry create(OpenTelemetry openTelemetry) {
    return builder(openTelemetry).build();
  }

  public static RedisTelemetryBuilder builder(OpenTelemetry openTelemetry) {
    return new RedisTelemetryBuilder(openTelemetry);
  }

  /**
   * A scope for commands sent to one server and database ({@code address} may be null when
   * unknown).
   */
  public ClientScope scope(String address, int port, long database) {
    return new ClientScope(
        this, address, port, Long.toString(database), null, ReplyInspector.DEFAULT);
  }

  /**
   * Starts a custom operation (the specification's {@code trace_operation("CUSTOM_OPERATION",
   * project_id)}): end it with one of the {@code end…} methods, or close it. {@code projectId} may
   * be null.
   */
  public RedisOperation startOperation(String name, String projectId) {
    ClientScope scope = projectId == null ? unscoped : unscoped.withProject(projectId);
    return scope.startCustom(name);
  }

  /**
   * Runs {@code body} as a custom operation: a span named {@code name} (current while the body
   * runs) and the client metrics, with the project id. The body's result is returned and its
   * exception rethrown unchanged, after being recorded.
   */
  public <T, E extends Throwable> T traceOperation(
      String name, String projectId, OperationBody<T, E> body) throws E {
    RedisOperation operation = startOperation(name, projectId);
    try (var ignored = operation.makeCurrent()) {
      T result = body.run();
      operation.endWithCacheResult(0, 0);
      return result;
    } catch (Throwable error) {
      operation.endWithException(error);
      throw error;
    }
  }

  /** The body of a custom operation. */
  @FunctionalInterface
  public interface OperationBody<T, E extends Throwable> {
    T run() throws E;
  }

  /**
   * What was recorded so far: per-command percentiles, category error rates, hit ratios, slow
   * operations.
   */
  public TelemetrySnapshot snapshot() {
    return statistics.snapshot();
  }

  /**
   * What was recorded on behalf of one project ({@code redlens.project.id}): the same statistics as
   * {@link #snapshot()}, counting only that project's operations. Projects past the configured
   * bound ({@code setMaxProjects}) are recorded together under {@code "_other"}; a project with
   * nothing recorded (or recorded under {@code _other}) gives an empty snapshot.
   */
  public TelemetrySnapshot snapshot(String projectId) {
    return statistics.projectSnapshot(projectId);
  }

  /**
   * The command catalog this telemetry resolves commands with; integrations teach it unknown
   * commands.
   */
  public CommandCatalog catalog() {
    return catalog;
  }

  /**
   * The connection pool metrics of this telemetry (the {@code db.client.connection.*} metrics and
   * {@code redis.client.connection.errors}), on the same meter; one per telemetry, created on first
   * use. Client integrations register their pools here ({@code JedisTelemetry}, {@code
   * LettuceTelemetry.instrumentPool}); {@link PoolTelemetry#snapshot()} gives the state of every
   * pool for a status endpoint.
   */
  public PoolTelemetry pools() {
    PoolTelemetry current = pools;
    if (current == null) {
      synchronized (this) {
        current = pools;
        if (current == null) {
          current = PoolTelemetry.create(meter);
          if (closed.get()) {
            current.close();
          }
          pools = current;
        }
      }
    }
    return current;
  }

  /**
   * Stops the observable instruments, pools' included (their registrations end). Idempotent;
   * commands recorded afterwards are still counted.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        instruments.close();
        PoolTelemetry current;
        synchronized (this) {
          current = pools;
        }
        if (current != null) {
          current.close();
        }
      } catch (RuntimeException e) {
        degraded("close", "Redlens could not close its instruments", e);
      }
    }
  }

  // ---- the command path
  // -----------------------------------------------------------------------------------

  RedisOperation start(
      ClientScope scope, CommandBinding binding, CommandArguments args, Context parent) {
    long startNanos = nanoClock.getAsLong();
    Span span = Span.getInvalid();
    try {
      span =
          tracer
              .spanBuilder(binding.operationName)
              .setSpanKind(SpanKind.CLIENT)
              .setParent(parent == null ? Context.current() : parent)
              .setAllAttributes(binding.spanStartAttributes)
              .startSpan();
      if (span.isRecording()) {
        describe(span, binding, args);
      }
    } catch (Throwable e) {
      degraded("span-start", "Redlens could not start a span; the command goes on without one", e);
    }
    return new RedisOperation(scope, binding, span, startNanos);
  }

  private void describe(Span span, CommandBinding binding, CommandArguments args) {
    span.setAttribute(REDIS_COMMAND_CATEGORY, binding.category.attributeValue());
    if (captureQueryText) {
      span.setAttribute(
          DB_QUERY_TEXT, sanitizer.sanitize(binding.operationName, binding.spec, args));
    }
    if (binding.spec != null) {
      span.setAttribute(REDIS_KEY_COUNT, (long) binding.spec.keyCount(args));
    }
  }

  void recordRedirection(Attributes attributes) {
    instruments.redirections.add(1, attributes);
  }

  void finish(
      RedisOperation operation,
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
        statistics.recordCache(binding.stats, hits, misses);
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
      instruments.duration.record(seconds, binding.durationAttributes);
    } else {
      String statusCode = error.statusCode() == null ? null : statusCodes.limit(error.statusCode());
      Attributes[] errorAttributes = binding.errorAttributes(error.errorType(), statusCode);
      instruments.duration.record(seconds, errorAttributes[0]);
      instruments.errors.add(1, errorAttributes[1]);
    }
    if (slow) {
      instruments.slow.add(1, binding.slowAttributes);
    }
    if (hits != 0) {
      instruments.cacheRequests.add(hits, binding.hitAttributes);
    }
    if (misses != 0) {
      instruments.cacheRequests.add(misses, binding.missAttributes);
    }
  }

  private void endSpan(
      RedisOperation operation, long hits, long misses, ErrorClassification error, Object failure) {
    Span span = operation.span;
    try {
      if (span.isRecording()) {
        describeEnd(span, operation, hits, misses, error, failure);
      }
    } finally {
      span.end(); // even if describing it failed: a span that never ends would leak in the backend
    }
  }

  private void describeEnd(
      Span span,
      RedisOperation operation,
      long hits,
      long misses,
      ErrorClassification error,
      Object failure) {
    if (operation.batchSize >= 0) {
      span.setAttribute(DB_OPERATION_BATCH_SIZE, operation.batchSize);
    }
    if (hits != 0 || misses != 0) {
      span.setAttribute(REDIS_CACHE_RESULT, misses == 0 ? CACHE_HIT : CACHE_MISS);
      if (hits + misses > 1) {
        span.setAttribute(REDIS_CACHE_HITS, hits);
        span.setAttribute(REDIS_CACHE_MISSES, misses);
      }
    }
    if (error != null) {
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

  /**
   * Hits and misses of a successful reply of a value-reading command, packed into one long (hits in
   * the high 32 bits, misses in the low 32 bits) so that the command path allocates nothing for it.
   */
  static long cacheCounts(CacheRead cacheRead, Object reply, ReplyInspector replyInspector) {
    switch (cacheRead) {
      case SINGLE:
        return replyInspector.isNil(reply) ? MISS : HIT;
      case COLLECTION:
        return replyInspector.isEmptyCollection(reply) ? MISS : HIT;
      case PER_ELEMENT:
        return perElement(reply, replyInspector);
      default:
        return 0;
    }
  }

  static final long HIT = 1L << 32;
  static final long MISS = 1L;

  static long hitsOf(long packed) {
    return packed >>> 32;
  }

  static long missesOf(long packed) {
    return packed & 0xFFFF_FFFFL;
  }

  private static long perElement(Object reply, ReplyInspector replyInspector) {
    long counts = 0;
    if (reply instanceof Iterable<?> iterable) {
      for (Object element : iterable) {
        counts += replyInspector.isNil(element) ? MISS : HIT;
      }
    } else if (reply instanceof Object[] array) {
      for (Object element : array) {
        counts += replyInspector.isNil(element) ? MISS : HIT;
      }
    }
    return counts;
  }

  void degraded(String kind, String message, Throwable error) {
    LOG.warnOnce(kind, message, error);
  }
}
