package dev.redlens.jedis;

import dev.redlens.conformance.CommandTelemetrySuite;
import dev.redlens.conformance.RedisDriver;
import dev.redlens.core.RedisTelemetry;
import dev.redlens.testing.RedisServer;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shared command suite against {@link JedisTelemetry#sentinel} clients: the client under test
 * reaches its master through three sentinels, and every assertion names that master.
 */
@Tag("sentinel")
class JedisSentinelCommandTelemetryTest extends CommandTelemetrySuite {

  @RegisterExtension static final JedisSentinelSetup sentinel = new JedisSentinelSetup(b -> b);

  @Override
  protected RedisServer server() {
    return sentinel.master();
  }

  @Override
  protected RedisDriver connect(RedisTelemetry telemetry, String uri, Duration commandTimeout) {
    return sentinel.connect(telemetry, uri, commandTimeout);
  }
}
