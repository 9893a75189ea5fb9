package dev.redlens.jedis;

import dev.redlens.conformance.FailureTelemetrySuite;
import dev.redlens.conformance.RedisDriver;
import dev.redlens.core.RedisTelemetry;
import java.time.Duration;

/** The shared failure suite against Jedis, pooled client. */
class JedisPooledFailureTelemetryTest extends FailureTelemetrySuite {

  @Override
  protected RedisDriver connect(RedisTelemetry telemetry, String uri, Duration commandTimeout) {
    return JedisDriver.pooled(telemetry, uri, commandTimeout);
  }
}
