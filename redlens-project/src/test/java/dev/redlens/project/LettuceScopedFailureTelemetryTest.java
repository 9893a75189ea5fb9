package dev.redlens.project;

import dev.redlens.conformance.FailureTelemetrySuite;
import dev.redlens.conformance.RedisDriver;
import dev.redlens.core.RedisTelemetry;
import java.time.Duration;
import java.util.UUID;

/**
 * The shared failure suite against project-scoped Lettuce connections (a timeout through one is a
 * timeout) (one project per test).
 */
class LettuceScopedFailureTelemetryTest extends FailureTelemetrySuite {

  private final String project = UUID.randomUUID().toString();

  @Override
  protected RedisDriver connect(RedisTelemetry telemetry, String uri, Duration commandTimeout) {
    return ScopedDrivers.lettuce(project, telemetry, uri, commandTimeout);
  }
}
