package dev.redlens.core.internal.recording;

import static dev.redlens.core.RedlensSemconv.*;

import dev.redlens.core.catalog.CommandCategory;
import dev.redlens.core.catalog.CommandSpec;
import dev.redlens.core.internal.stats.CommandStats;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;

/**
 * Everything about one command within one {@link RecordingScope} that does not change from call to
 * call: its span name and the attribute sets of its span and metric points, built once so that the
 * command path only looks them up.
 */
final class CommandBinding {

  /**
   * The scope this binding belongs to (kept here, not per operation: one field less per command).
   */
  final RecordingScope scope;

  final CommandSpec spec;
  final String operationName;
  final CommandCategory category;
  final Attributes spanStartAttributes;
  // the metric points' attribute sets, each admitted by its instrument's series budget when it is
  // first recorded
  final SeriesPoint duration;
  private final Attributes durationBase; // before the series budget: the base of failures' sets
  final SeriesPoint slow;
  final SeriesPoint hit;
  final SeriesPoint miss;
  final Attributes errorBaseAttributes;
  final CommandStats stats;
  private final java.util.concurrent.ConcurrentHashMap<String, Attributes[]> errorAttributes =
      new java.util.concurrent.ConcurrentHashMap<>();

  CommandBinding(
      RecordingScope scope,
      CommandSpec spec,
      String operationName,
      CommandCategory category,
      CommandStats stats) {
    this.scope = scope;
    this.spec = spec;
    this.operationName = operationName;
    this.category = category;
    this.stats = stats;
    String categoryValue = category.attributeValue();

    // at span creation: what the semantic conventions call sampling-relevant, plus the project (for
    // tenant-aware samplers) and the category: constant, so set with the rest in one step rather
    // than by a call on the started span (each of those takes the span's lock)
    AttributesBuilder span =
        Attributes.builder()
            .put(DB_SYSTEM_NAME, DB_SYSTEM_REDIS)
            .put(DB_OPERATION_NAME, operationName)
            .put(REDIS_COMMAND_CATEGORY, categoryValue);
    scope.putServer(span);
    if (scope.projectId() != null) {
      span.put(REDLENS_PROJECT_ID, scope.projectId());
    }
    this.spanStartAttributes = span.build();

    Recorder recorder = scope.recorder;
    AttributesBuilder duration =
        Attributes.builder()
            .put(DB_SYSTEM_NAME, DB_SYSTEM_REDIS)
            .put(DB_OPERATION_NAME, operationName)
            .put(REDIS_COMMAND_CATEGORY, categoryValue);
    scope.putServer(duration);
    if (recorder.projectOnDuration) {
      putProject(duration, scope);
    }
    this.durationBase = duration.build();
    ClientInstruments instruments = recorder.instruments;
    this.duration =
        SeriesPoint.of(
            instruments.duration,
            recorder.durationSeries.series(durationBase),
            recorder.boundInstruments);

    this.slow =
        SeriesPoint.of(
            instruments.slow,
            recorder.slowSeries.series(
                putProject(
                        Attributes.builder()
                            .put(DB_OPERATION_NAME, operationName)
                            .put(REDIS_COMMAND_CATEGORY, categoryValue),
                        scope)
                    .build()),
            recorder.boundInstruments);
    this.hit = cacheSeries(scope, CACHE_HIT, operationName);
    this.miss = cacheSeries(scope, CACHE_MISS, operationName);
    this.errorBaseAttributes =
        putProject(Attributes.builder().put(REDIS_COMMAND_CATEGORY, categoryValue), scope).build();
  }

  /**
   * The attribute sets of a failure: {@code [duration, errors]}, built once per error type and
   * status code (both bounded: the error types are a fixed set, status codes are limited by the
   * telemetry's cardinality limiter), and admitted by the instruments' series budgets.
   */
  Attributes[] errorAttributes(String errorType, String statusCode) {
    String key = statusCode == null ? errorType : errorType + ' ' + statusCode;
    Attributes[] cached = errorAttributes.get(key);
    if (cached == null) {
      cached =
          new Attributes[] {
            scope.recorder.durationSeries.admit(withError(durationBase, errorType, statusCode)),
            scope.recorder.errorSeries.admit(withError(errorBaseAttributes, errorType, statusCode))
          };
      errorAttributes.putIfAbsent(key, cached);
    }
    return cached;
  }

  private static Attributes withError(Attributes base, String errorType, String statusCode) {
    AttributesBuilder builder = base.toBuilder().put(ERROR_TYPE, errorType);
    if (statusCode != null) {
      builder.put(DB_RESPONSE_STATUS_CODE, statusCode);
    }
    return builder.build();
  }

  private static SeriesPoint cacheSeries(
      RecordingScope scope, String result, String operationName) {
    return SeriesPoint.of(
        scope.recorder.instruments.cacheRequests,
        scope.recorder.cacheSeries.series(
            putProject(
                    Attributes.builder()
                        .put(REDIS_CACHE_RESULT, result)
                        .put(DB_OPERATION_NAME, operationName),
                    scope)
                .build()),
        scope.recorder.boundInstruments);
  }

  private static AttributesBuilder putProject(AttributesBuilder builder, RecordingScope scope) {
    if (scope.metricProjectId() != null) {
      builder.put(REDLENS_PROJECT_ID, scope.metricProjectId());
    }
    return builder;
  }
}
