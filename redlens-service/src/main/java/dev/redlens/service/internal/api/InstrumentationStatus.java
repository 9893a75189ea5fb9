package dev.redlens.service.internal.api;

import dev.redlens.core.RedlensSemconv;
import dev.redlens.core.TelemetrySnapshot;
import dev.redlens.project.ProjectKeyspace;
import dev.redlens.service.internal.runtime.JsonNumbers;
import dev.redlens.service.internal.runtime.ServiceParts;
import dev.redlens.service.internal.telemetry.SpanCounter;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code GET /test/redis/instrumentation/status}: what is enabled, what the instrumentation has
 * recorded since the service started, the exporters, the collector, Redis and the configuration.
 */
final class InstrumentationStatus implements Endpoint.Query {

  private final ServiceParts parts;

  InstrumentationStatus(ServiceParts parts) {
    this.parts = parts;
  }

  record Enabled(
      boolean tracing,
      boolean metrics,
      String clientInstrumentation,
      boolean connectionPoolMetrics,
      boolean serverMetricsCollector,
      boolean prometheus,
      boolean otlp,
      String projectIsolation) {}

  record Spans(long started, long ended, long withError, String instrumentationScope) {}

  record CommandFigures(long count, long errors, Figures.LatencyMs latencyMs) {}

  record Metrics(
      long operations,
      long errors,
      double errorRate,
      long slowOperations,
      int commandsSeen,
      long cacheHits,
      long cacheMisses,
      Double hitRatio,
      Double windowHitRatio,
      Map<String, Long> errorsByType,
      Map<String, CommandFigures> commands) {}

  record Redis(String uri, String source, Map<String, Object> health) {}

  record Response(
      String service,
      String startedAt,
      Enabled enabled,
      Spans spans,
      Metrics metrics,
      Map<String, Object> exporters,
      CollectorStatus collector,
      Redis redis,
      Map<String, Object> config) {}

  @Override
  public Set<String> parameters() {
    return Set.of();
  }

  @Override
  public Object handle(QueryParameters query, Exchange exchange) {
    TelemetrySnapshot snapshot = parts.redisTelemetry().snapshot();
    SpanCounter spans = parts.telemetry().spanCounter();
    Map<String, CommandFigures> commands = new TreeMap<>();
    snapshot
        .commands()
        .forEach(
            (name, stats) ->
                commands.put(
                    name,
                    new CommandFigures(
                        stats.count(), stats.errors(), Figures.latency(stats.latency()))));
    return new Response(
        parts.config().env.getOrDefault("OTEL_SERVICE_NAME", "redlens-service"),
        parts.startedAt().toString(),
        new Enabled(
            true,
            true,
            "lettuce: project connections recorded by ProjectKeyspace.withTelemetry"
                + " (redlens.project.id), the administrative connection by LettuceTelemetry; one"
                + " span per command",
            true,
            parts.serverMetrics() != null,
            true,
            parts.telemetry().otlpEnabled(),
            "redlens-project ProjectKeyspace: key namespace "
                + ProjectKeyspace.DEFAULT_PREFIX_TEMPLATE.replace("%s", "<project_id>")),
        new Spans(
            spans.started(), spans.ended(), spans.errors(), RedlensSemconv.INSTRUMENTATION_SCOPE),
        new Metrics(
            snapshot.operations(),
            snapshot.errors(),
            snapshot.errorRate(),
            snapshot.slowOperations(),
            snapshot.commands().size(),
            snapshot.cache().hits(),
            snapshot.cache().misses(),
            JsonNumbers.finite(snapshot.cache().hitRatio()),
            JsonNumbers.finite(snapshot.cache().windowHitRatio()),
            new TreeMap<>(snapshot.errorsByType()),
            commands),
        parts.telemetry().describeExporters(),
        CollectorStatus.of(parts),
        new Redis(
            parts.connector().displayUri(), parts.redisSource(), parts.health().last().describe()),
        parts.config().describe());
  }
}
