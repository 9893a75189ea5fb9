package dev.redlens.lettuce;

import dev.redlens.conformance.FailureTelemetrySuite;
import dev.redlens.conformance.RedisDriver;
import dev.redlens.core.RedisTelemetry;
import java.time.Duration;

/** The shared failure suite against Lettuce. */
class LettuceFailureTelemetryTest extends FailureTelemetrySuite {

  @Override
  protected RedisDriver connect(RedisTelemetry telemetry, String uri, Duration commandTimeout) {
    return LettuceDriver.connect(telemetry, uri, commandTimeout);
  }
}
