package dev.redlens.jedis;

import dev.redlens.conformance.FailureTelemetrySuite;
import dev.redlens.conformance.RedisDriver;
import dev.redlens.core.RedisTelemetry;
import dev.redlens.testing.RedisServer;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shared failure suite against {@link JedisTelemetry#sentinel} clients: a command that outlives
 * its timeout on the paused master, and a connection killed under a blocked command, classified as
 * on every other path. The sentinels wait 30 s before they call the paused master down (no failover
 * during the suite).
 */
@Tag("sentinel")
class JedisSentinelFailureTelemetryTest extends FailureTelemetrySuite {

  @RegisterExtension
  static final JedisSentinelSetup sentinel =
      new JedisSentinelSetup(b -> b.downAfter(Duration.ofSeconds(30)));

  @Override
  protected RedisServer server() {
    return sentinel.master();
  }

  @Override
  protected RedisDriver connect(RedisTelemetry telemetry, String uri, Duration commandTimeout) {
    return sentinel.connect(telemetry, uri, commandTimeout);
  }
}
