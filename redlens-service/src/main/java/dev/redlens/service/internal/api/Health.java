package dev.redlens.service.internal.api;

import dev.redlens.service.internal.redis.HealthCheck;
import dev.redlens.service.internal.runtime.ServiceParts;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /health}: 200 when Redis answers, 503 when it does not; {@code degraded} when the
 * collector or the OTLP export fails. Answers within about {@link #PROBE_CUTOFF}: a fresh PING is
 * waited for only that long (a paused Redis must not hold the health check for the command
 * timeout).
 */
final class Health {

  static final Duration PROBE_CUTOFF = Duration.ofSeconds(1);

  private final ServiceParts parts;

  Health(ServiceParts parts) {
    this.parts = parts;
  }

  record Telemetry(String status, long spansStarted) {}

  record Exporters(String prometheus, String otlp) {}

  record Parts(
      Map<String, Object> redis,
      Telemetry telemetry,
      CollectorStatus collector,
      Exporters exporters,
      Map<String, String> http) {}

  record Response(String status, Parts parts) {}

  /** The answer; {@link #httpStatus} says with which status. */
  Response check() {
    HealthCheck.Result redis = parts.health().probe(PROBE_CUTOFF);
    Map<String, Object> r = new LinkedHashMap<>(redis.describe());
    r.put("uri", parts.connector().displayUri());
    r.put("source", parts.redisSource());
    CollectorStatus collector = CollectorStatus.of(parts);
    String otlp = parts.telemetry().otlpState();
    boolean degraded =
        !"up".equals(collector.state()) && !"starting".equals(collector.state())
            || "failing".equals(otlp);
    String status = !redis.up() ? "unavailable" : degraded ? "degraded" : "ok";
    return new Response(
        status,
        new Parts(
            r,
            new Telemetry("up", parts.telemetry().spanCounter().started()),
            collector,
            new Exporters("up", otlp),
            Map.of("status", "up")));
  }

  static int httpStatus(Response response) {
    return "unavailable".equals(response.status()) ? 503 : 200;
  }
}
