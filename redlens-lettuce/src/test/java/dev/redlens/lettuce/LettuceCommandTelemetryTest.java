package dev.redlens.lettuce;

import dev.redlens.conformance.CommandTelemetrySuite;
import dev.redlens.conformance.RedisDriver;
import dev.redlens.core.RedisTelemetry;
import java.time.Duration;

/** The shared command suite against Lettuce. */
class LettuceCommandTelemetryTest extends CommandTelemetrySuite {

  @Override
  protected RedisDriver connect(RedisTelemetry telemetry, String uri, Duration commandTimeout) {
    return LettuceDriver.connect(telemetry, uri, commandTimeout);
  }
}
