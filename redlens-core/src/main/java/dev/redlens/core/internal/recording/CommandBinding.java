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
  final Attributes durationAttributes;
  final Attributes slowAttributes;
  final Attributes hitAttributes;
  final Attributes missAttributes;
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
    // tenant-aware
    // samplers); the category only once the span is known to record (see Recorder.describe)
    AttributesBuilder span =
        Attributes.builder()
            .put(DB_SYSTEM_NAME, DB_SYSTEM_REDIS)
            .put(DB_OPERATION_NAME, operationName);
    scope.putServer(span);
    if (scope.projectId() != null) {
      span.put(REDLENS_PROJECT_ID, scope.projectId());
    }
    this.spanStartAttributes = span.build();

    AttributesBuilder duration =
        Attributes.builder()
            .put(DB_SYSTEM_NAME, DB_SYSTEM_REDIS)
            .put(DB_OPERATION_NAME, operationName)
            .put(REDIS_COMMAND_CATEGORY, categoryValue);
    scope.putServer(duration);
    putProject(duration, scope);
    this.durationAttributes = duration.build();

    this.slowAttributes =
        putProject(
                Attributes.builder()
                    .put(DB_OPERATION_NAME, operationName)
                    .put(REDIS_COMMAND_CATEGORY, categoryValue),
                scope)
            .build();
    this.hitAttributes =
        putProject(
                Attributes.builder()
                    .put(REDIS_CACHE_RESULT, CACHE_HIT)
                    .put(DB_OPERATION_NAME, operationName),
                scope)
            .build();
    this.missAttributes =
        putProject(
                Attributes.builder()
                    .put(REDIS_CACHE_RESULT, CACHE_MISS)
                    .put(DB_OPERATION_NAME, operationName),
                scope)
            .build();
    this.errorBaseAttributes =
        putProject(Attributes.builder().put(REDIS_COMMAND_CATEGORY, categoryValue), scope).build();
  }

  /**
   * The attribute sets of a failure: {@code [duration, errors]}, built once per error type and
   * status code (both bounded: the error types are a fixed set, status codes are limited by the
   * telemetry's cardinality limiter).
   */
  Attributes[] errorAttributes(String errorType, String statusCode) {
    String key = statusCode == null ? errorType : errorType + ' ' + statusCode;
    Attributes[] cached = errorAttributes.get(key);
    if (cached == null) {
      cached =
          new Attributes[] {
            withError(durationAttributes, errorType, statusCode),
            withError(errorBaseAttributes, errorType, statusCode)
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

  private static AttributesBuilder putProject(AttributesBuilder builder, RecordingScope scope) {
    if (scope.metricProjectId() != null) {
      builder.put(REDLENS_PROJECT_ID, scope.metricProjectId());
    }
    return builder;
  }
}
