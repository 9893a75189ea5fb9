package dev.redlens.jedis;

import dev.redlens.conformance.FailureTelemetrySuite;
import dev.redlens.conformance.RedisDriver;
import dev.redlens.core.RedisTelemetry;
import dev.redlens.testing.RedisClusterExtension;
import dev.redlens.testing.RedisServer;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shared failure suite against {@link JedisTelemetry#cluster} clients on a cluster of 3 masters
 * started once for the class: a command that outlives its timeout on the paused master of the
 * driver's slot, and a connection killed under a blocked command. Jedis's cluster client retries
 * both on a new connection (its driver's traits say so), each attempt its own classified operation.
 * The suite's tests that need a server of their own (out of memory, stopped, killed) get the
 * integration's standalone client for it.
 */
@Tag("cluster")
class JedisClusterFailureTelemetryTest extends FailureTelemetrySuite {

  @RegisterExtension static final RedisClusterExtension nodes = RedisClusterExtension.create(3, 0);

  @Override
  protected RedisServer server() {
    return nodes.cluster().masterForKey(JedisClusterDriver.TAG);
  }

  @Override
  protected RedisDriver connect(RedisTelemetry telemetry, String uri, Duration commandTimeout) {
    if (!uri.equals(server().uri())) {
      return JedisDriver.pooled(telemetry, uri, commandTimeout);
    }
    return JedisClusterCommandTelemetryTest.clusterDriver(telemetry, server(), commandTimeout);
  }
}
