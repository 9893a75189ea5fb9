package dev.redlens.project;

import dev.redlens.conformance.FailureTelemetrySuite;
import dev.redlens.conformance.RedisDriver;
import dev.redlens.core.RedisTelemetry;
import java.time.Duration;
import java.util.UUID;

/** The shared failure suite against project-scoped Jedis clients (one project per test). */
class JedisScopedFailureTelemetryTest extends FailureTelemetrySuite {

  private final String project = UUID.randomUUID().toString();

  @Override
  protected RedisDriver connect(RedisTelemetry telemetry, String uri, Duration commandTimeout) {
    return ScopedDrivers.jedis(project, telemetry, uri, commandTimeout);
  }
}
