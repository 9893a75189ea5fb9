package dev.redlens.core;

import static dev.redlens.core.RedlensSemconv.*;

import dev.redlens.core.catalog.CommandCategory;
import dev.redlens.core.catalog.CommandSpec;
import dev.redlens.core.internal.stats.CommandStats;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;

/**
 * Everything about one command within one {@link ClientScope} that does not change from call to call: its
 * span name and the attribute sets of its span and metric points, built once so that the command path only
 * looks them up.
 */
final class CommandBinding {

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

  CommandBinding(
      ClientScope scope, CommandSpec spec, String operationName, CommandCategory category, CommandStats stats) {
    this.spec = spec;
    this.operationName = operationName;
    this.category = category;
    this.stats = stats;
    String categoryValue = category.attributeValue();

    AttributesBuilder span =
        Attributes.builder()
            .put(DB_SYSTEM_NAME, DB_SYSTEM_REDIS)
            .put(DB_OPERATION_NAME, operationName)
            .put(REDIS_COMMAND_CATEGORY, categoryValue);
    scope.putServer(span);
    if (scope.projectId != null) {
      span.put(REDLENS_PROJECT_ID, scope.projectId);
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
                Attributes.builder().put(REDIS_CACHE_RESULT, CACHE_HIT).put(DB_OPERATION_NAME, operationName),
                scope)
            .build();
    this.missAttributes =
        putProject(
                Attributes.builder().put(REDIS_CACHE_RESULT, CACHE_MISS).put(DB_OPERATION_NAME, operationName),
                scope)
            .build();
    this.errorBaseAttributes =
        putProject(Attributes.builder().put(REDIS_COMMAND_CATEGORY, categoryValue), scope).build();
  }

  private static AttributesBuilder putProject(AttributesBuilder builder, ClientScope scope) {
    if (scope.metricProjectId != null) {
      builder.put(REDLENS_PROJECT_ID, scope.metricProjectId);
    }
    return builder;
  }
}
