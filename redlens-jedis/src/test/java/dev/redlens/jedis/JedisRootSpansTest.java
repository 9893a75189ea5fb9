package dev.redlens.jedis;

import dev.redlens.conformance.RedisDriver;
import dev.redlens.conformance.RootSpansSuite;
import dev.redlens.core.RedisTelemetry;
import java.time.Duration;

/** The root-span setting against Jedis. */
class JedisRootSpansTest extends RootSpansSuite {

  @Override
  protected RedisDriver connect(RedisTelemetry telemetry, String uri, Duration commandTimeout) {
    return JedisDriver.pooled(telemetry, uri, commandTimeout);
  }
}
