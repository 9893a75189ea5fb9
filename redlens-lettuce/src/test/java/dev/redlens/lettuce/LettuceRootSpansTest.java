package dev.redlens.lettuce;

import dev.redlens.conformance.RedisDriver;
import dev.redlens.conformance.RootSpansSuite;
import dev.redlens.core.RedisTelemetry;
import java.time.Duration;

/** The root-span setting against Lettuce. */
class LettuceRootSpansTest extends RootSpansSuite {

  @Override
  protected RedisDriver connect(RedisTelemetry telemetry, String uri, Duration commandTimeout) {
    return LettuceDriver.connect(telemetry, uri, commandTimeout);
  }
}
