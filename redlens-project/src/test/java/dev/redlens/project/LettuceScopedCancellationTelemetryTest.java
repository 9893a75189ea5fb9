package dev.redlens.project;

import dev.redlens.conformance.CancellationTelemetrySuite;
import dev.redlens.conformance.RedisDriver;
import dev.redlens.core.RedisTelemetry;
import java.time.Duration;
import java.util.UUID;

/**
 * The shared cancellation suite against project-scoped Lettuce connections (one project per test).
 */
class LettuceScopedCancellationTelemetryTest extends CancellationTelemetrySuite {

  private final String project = UUID.randomUUID().toString();

  @Override
  protected RedisDriver connect(RedisTelemetry telemetry, String uri, Duration commandTimeout) {
    return ScopedDrivers.lettuce(project, telemetry, uri, commandTimeout);
  }
}
