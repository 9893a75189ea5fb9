package dev.redlens.core;

import dev.redlens.core.catalog.CommandCatalog;
import dev.redlens.core.internal.recording.Recorder;
import dev.redlens.core.internal.recording.RecorderConfig;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Builds a {@link RedisTelemetry}. Every setting has a default that suits production; bad values
 * fail fast here with an {@link IllegalArgumentException}, never later on the command path.
 */
public final class RedisTelemetryBuilder {

  /**
   * The default of {@link #setMaxSeriesPerInstrument}: half the OpenTelemetry SDK's default
   * cardinality limit (2,000 series per instrument), leaving room for the few overflow series.
   */
  public static final int DEFAULT_MAX_SERIES_PER_INSTRUMENT = 1000;

  private final OpenTelemetry openTelemetry;
  private Duration slowOperationThreshold = Duration.ofMillis(100);
  private Duration hitRatioWindow = Duration.ofSeconds(60);
  private boolean captureQueryText = true;
  private boolean tracingEnabled = true;
  private boolean rootSpans = true;
  private boolean boundInstruments = true;
  private boolean sanitizeQueryText = true;
  private boolean maskKeys = false;
  private int maxQueryTextLength = 1024;
  private int maxProjects = 1000;
  private int maxUnknownCommands = 128;
  private int maxStatusCodes = 64;
  private int maxSeriesPerInstrument = DEFAULT_MAX_SERIES_PER_INSTRUMENT;
  private boolean projectOnDuration = false;
  private CommandCatalog catalog;
  private LongSupplier nanoClock = System::nanoTime;

  RedisTelemetryBuilder(OpenTelemetry openTelemetry) {
    this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
  }

  /**
   * Operations at least this long count as slow ({@code redis.client.operation.slow}). Default 100
   * ms.
   */
  public RedisTelemetryBuilder setSlowOperationThreshold(Duration threshold) {
    requirePositive(threshold, "slowOperationThreshold");
    this.slowOperationThreshold = threshold;
    return this;
  }

  /**
   * The window of {@code redis.client.cache.hit_ratio} and the windowed hit ratio of snapshots.
   * Default 60 s.
   */
  public RedisTelemetryBuilder setHitRatioWindow(Duration window) {
    requirePositive(window, "hitRatioWindow");
    if (window.toMillis() < 12) {
      throw new IllegalArgumentException("hitRatioWindow must be at least 12 ms: " + window);
    }
    this.hitRatioWindow = window;
    return this;
  }

  /**
   * Whether commands get spans (default true). Off, Redlens records only its metrics and
   * statistics: for applications that want Redis metrics without a span per command, this saves the
   * span's cost, which even an unsampled root span has (the SDK creates it, with its ids and
   * attributes, before the sampler drops it).
   */
  public RedisTelemetryBuilder setTracingEnabled(boolean enabled) {
    this.tracingEnabled = enabled;
    return this;
  }

  /**
   * Whether a command with no active parent span gets a span of its own, a root span (default
   * true). Off, such a command records only its metrics and statistics and creates no span at all,
   * not even an unsampled one: most single-span Redis traces come from background polling, and even
   * an unsampled root span costs a trace id and the copy of its attributes. Commands inside a span
   * (a request, a job) still get theirs.
   */
  public RedisTelemetryBuilder setRootSpans(boolean rootSpans) {
    this.rootSpans = rootSpans;
    return this;
  }

  /**
   * Whether a command's metric points are recorded on series bound once, where the application has
   * OpenTelemetry's incubator API ({@code opentelemetry-api-incubator}) and its SDK can bind
   * (default true): a bound point skips the SDK's look-up of its series by attribute set on every
   * command. The same series and values either way, with one exception, which is the reason for
   * this switch: the SDK applies a View's attribute processing once, when it binds, so a View that
   * adds baggage to these instruments' attributes would see only the baggage of the first command
   * of each series on a connection. Turn it off if you use such a View.
   */
  public RedisTelemetryBuilder setBoundInstruments(boolean boundInstruments) {
    this.boundInstruments = boundInstruments;
    return this;
  }

  /** Whether spans carry {@code db.query.text}. Default true. */
  public RedisTelemetryBuilder setCaptureQueryText(boolean capture) {
    this.captureQueryText = capture;
    return this;
  }

  /**
   * Whether {@code db.query.text} replaces values with {@code ?} (default true). When false,
   * arguments are shown as sent, except credentials ({@code AUTH}, {@code HELLO … AUTH}, {@code
   * MIGRATE … AUTH}, {@code ACL SETUSER >pw}, {@code CONFIG SET requirepass}…), which are always
   * masked.
   */
  public RedisTelemetryBuilder setSanitizeQueryText(boolean sanitize) {
    this.sanitizeQueryText = sanitize;
    return this;
  }

  /** Whether keys are masked in {@code db.query.text} too. Default false: keys are kept. */
  public RedisTelemetryBuilder setMaskKeys(boolean maskKeys) {
    this.maskKeys = maskKeys;
    return this;
  }

  /**
   * The longest {@code db.query.text}, in characters; longer ones are cut and end with {@code …}.
   * Default 1024.
   */
  public RedisTelemetryBuilder setMaxQueryTextLength(int maxLength) {
    if (maxLength < 16) {
      throw new IllegalArgumentException("maxQueryTextLength must be at least 16: " + maxLength);
    }
    this.maxQueryTextLength = maxLength;
    return this;
  }

  /**
   * The most distinct {@code redlens.project.id} values on metrics; the rest are reported as {@code
   * _other} (never dropped, so totals stay exact). Default 1,000. Spans always carry the real id.
   */
  public RedisTelemetryBuilder setMaxProjects(int maxProjects) {
    if (maxProjects < 1) {
      throw new IllegalArgumentException("maxProjects must be at least 1: " + maxProjects);
    }
    this.maxProjects = maxProjects;
    return this;
  }

  /**
   * The most series (distinct attribute sets) Redlens gives each of its client instruments ({@code
   * db.client.operation.duration}, {@code redis.client.operation.errors}, {@code
   * redis.client.operation.slow}, {@code redis.client.cache.requests}), first come, first served; a
   * set takes room when it is first recorded. Default 1,000, so that no instrument reaches an SDK's
   * cardinality limit (the OpenTelemetry SDK's default is 2,000) and folds series into {@code
   * otel.metric.overflow}. Past the budget, new series are folded, never dropped, so totals stay
   * exact: first to {@code redlens.project.id=_other} (up to a quarter of the budget more), else to
   * the instrument's overflow series ({@code db.operation.name} and {@code redlens.project.id}
   * {@code _other}; only the category, error type and cache result kept). An instrument thus has at
   * most 1.25 × the budget plus 120 series. Raising it past 1,500 needs an SDK View raising the
   * cardinality limit of the {@code dev.redlens} instruments.
   */
  public RedisTelemetryBuilder setMaxSeriesPerInstrument(int maxSeries) {
    if (maxSeries < 10) {
      throw new IllegalArgumentException(
          "maxSeriesPerInstrument must be at least 10: " + maxSeries);
    }
    this.maxSeriesPerInstrument = maxSeries;
    return this;
  }

  /**
   * Whether {@code db.client.operation.duration} carries {@code redlens.project.id} (default
   * false). The counters ({@code redis.client.cache.requests}, {@code .operation.errors}, {@code
   * .operation.slow}) and {@code redis.client.cache.hit_ratio} always carry it, and spans always
   * carry the real id. On, every project multiplies the histogram's series (each a bucket per
   * boundary): within the series budget ({@link #setMaxSeriesPerInstrument}), but a thousand
   * projects make {@code /metrics} megabytes larger.
   */
  public RedisTelemetryBuilder setProjectOnDuration(boolean projectOnDuration) {
    this.projectOnDuration = projectOnDuration;
    return this;
  }

  /**
   * The most distinct names of commands unknown to the catalog on metrics (module commands not yet
   * learned); the rest are reported as {@code _other}. Default 128.
   */
  public RedisTelemetryBuilder setMaxUnknownCommands(int maxUnknownCommands) {
    if (maxUnknownCommands < 1) {
      throw new IllegalArgumentException(
          "maxUnknownCommands must be at least 1: " + maxUnknownCommands);
    }
    this.maxUnknownCommands = maxUnknownCommands;
    return this;
  }

  /**
   * The command catalog to resolve commands with. Default: a new copy of the built-in Redis 7
   * table, which integrations extend at run time with commands the server knows and the table does
   * not (modules).
   */
  public RedisTelemetryBuilder setCommandCatalog(CommandCatalog catalog) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    return this;
  }

  /**
   * The monotonic clock of durations and of the hit-ratio window; tests replace it to control time.
   */
  RedisTelemetryBuilder setNanoClock(LongSupplier nanoClock) {
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    return this;
  }

  public RedisTelemetry build() {
    return new RedisTelemetry(
        new Recorder(
            new RecorderConfig(
                openTelemetry,
                tracingEnabled,
                rootSpans,
                catalog,
                slowOperationThreshold,
                hitRatioWindow,
                captureQueryText,
                sanitizeQueryText,
                maskKeys,
                maxQueryTextLength,
                maxProjects,
                maxUnknownCommands,
                maxStatusCodes,
                maxSeriesPerInstrument,
                projectOnDuration,
                boundInstruments,
                nanoClock)));
  }

  private static void requirePositive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + duration);
    }
  }
}
