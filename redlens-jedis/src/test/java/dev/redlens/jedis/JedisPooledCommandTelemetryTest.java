package dev.redlens.jedis;

import dev.redlens.conformance.CommandTelemetrySuite;
import dev.redlens.conformance.RedisDriver;
import dev.redlens.core.RedisTelemetry;
import java.time.Duration;

/** The shared command suite against Jedis, pooled client. */
class JedisPooledCommandTelemetryTest extends CommandTelemetrySuite {

  @Override
  protected RedisDriver connect(RedisTelemetry telemetry, String uri, Duration commandTimeout) {
    return JedisDriver.pooled(telemetry, uri, commandTimeout);
  }
}
