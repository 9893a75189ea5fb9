package dev.redlens.project;

import dev.redlens.conformance.CommandTelemetrySuite;
import dev.redlens.conformance.RedisDriver;
import dev.redlens.core.RedisTelemetry;
import dev.redlens.testing.RedisClusterExtension;
import dev.redlens.testing.RedisServer;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shared command suite against project-scoped Jedis cluster clients ({@link
 * ProjectKeyspace#jedisCluster}, one project per test) on a cluster of 3 masters: every assertion
 * names the master of the project's slot.
 */
@Tag("cluster")
class JedisScopedClusterCommandTelemetryTest extends CommandTelemetrySuite {

  @RegisterExtension static final RedisClusterExtension nodes = RedisClusterExtension.create(3, 0);

  private final String project = UUID.randomUUID().toString();

  @Override
  protected RedisServer server() {
    return ScopedDrivers.slotMaster(project, nodes.cluster());
  }

  @Override
  protected RedisDriver connect(RedisTelemetry telemetry, String uri, Duration commandTimeout) {
    return ScopedDrivers.jedisCluster(project, telemetry, nodes.cluster(), uri, commandTimeout);
  }
}
