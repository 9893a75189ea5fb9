package dev.redlens.lettuce;

import dev.redlens.conformance.CancellationTelemetrySuite;
import dev.redlens.conformance.RedisDriver;
import dev.redlens.core.RedisTelemetry;
import java.time.Duration;

/** The shared cancellation suite against Lettuce. */
class LettuceCancellationTelemetryTest extends CancellationTelemetrySuite {

  @Override
  protected RedisDriver connect(RedisTelemetry telemetry, String uri, Duration commandTimeout) {
    return LettuceDriver.connect(telemetry, uri, commandTimeout);
  }
}
