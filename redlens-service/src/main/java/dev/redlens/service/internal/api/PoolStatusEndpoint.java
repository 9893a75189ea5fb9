package dev.redlens.service.internal.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.redlens.core.RedlensSemconv;
import dev.redlens.core.TelemetrySnapshot;
import dev.redlens.service.internal.runtime.ServiceParts;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * {@code GET /test/redis/connection/pool/status[?project_id=]}: the pool's figures (from Redlens's
 * pool telemetry, as on {@code /metrics}) and the operation error rates.
 */
final class PoolStatusEndpoint implements Endpoint.Query {

  static final List<String> METRICS =
      List.of(
          RedlensSemconv.METRIC_CONNECTION_COUNT,
          RedlensSemconv.METRIC_CONNECTION_MAX,
          RedlensSemconv.METRIC_CONNECTION_IDLE_MAX,
          RedlensSemconv.METRIC_CONNECTION_IDLE_MIN,
          RedlensSemconv.METRIC_CONNECTION_PENDING_REQUESTS,
          RedlensSemconv.METRIC_CONNECTION_TIMEOUTS,
          RedlensSemconv.METRIC_CONNECTION_CREATE_TIME,
          RedlensSemconv.METRIC_CONNECTION_WAIT_TIME,
          RedlensSemconv.METRIC_CONNECTION_USE_TIME,
          RedlensSemconv.METRIC_CONNECTION_ERRORS,
          RedlensSemconv.METRIC_OPERATION_ERRORS);

  private final ServiceParts parts;

  PoolStatusEndpoint(ServiceParts parts) {
    this.parts = parts;
  }

  record Category(long count, long errors, double errorRate) {}

  record Errors(
      long operations,
      long operationErrors,
      double errorRate,
      Map<String, Long> byType,
      Map<String, Category> byCategory,
      long poolFailures) {}

  record Response(
      @JsonInclude(JsonInclude.Include.NON_NULL) String projectId,
      Map<String, Object> pool,
      Errors errors,
      Map<String, Object> redis,
      List<String> metrics) {}

  @Override
  public Set<String> parameters() {
    return Set.of("project_id");
  }

  @Override
  public Object handle(QueryParameters query, Exchange exchange) {
    UUID projectId = query.optionalProject();
    if (projectId != null) {
      exchange.project(projectId);
    }
    TelemetrySnapshot snapshot = parts.redisTelemetry().snapshot();
    Map<String, Category> byCategory = new TreeMap<>();
    snapshot
        .categories()
        .forEach(
            (category, stats) ->
                byCategory.put(
                    category.toString().toLowerCase(Locale.ROOT),
                    new Category(stats.count(), stats.errors(), stats.errorRate())));
    return new Response(
        projectId == null ? null : projectId.toString(),
        parts.connector().pool().status(),
        new Errors(
            snapshot.operations(),
            snapshot.errors(),
            snapshot.errorRate(),
            new TreeMap<>(snapshot.errorsByType()),
            byCategory,
            parts.connector().pool().failures()),
        parts.health().last().describe(),
        METRICS);
  }
}
