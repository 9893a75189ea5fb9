package dev.redlens.lettuce;

import dev.redlens.conformance.FailureTelemetrySuite;
import dev.redlens.conformance.RedisDriver;
import dev.redlens.conformance.drivers.ClusterKeys;
import dev.redlens.core.RedisTelemetry;
import dev.redlens.testing.RedisClusterExtension;
import dev.redlens.testing.RedisServer;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shared failure suite against Lettuce cluster connections on a cluster of 3 masters started
 * once for the class: a command that outlives its timeout on the paused master of the driver's
 * slot, and a connection killed under a blocked command, classified as on one node. The suite's
 * tests that need a server of their own get the integration's standalone client for it.
 */
@Tag("cluster")
class LettuceClusterFailureTelemetryTest extends FailureTelemetrySuite {

  @RegisterExtension static final RedisClusterExtension nodes = RedisClusterExtension.create(3, 0);

  @Override
  protected RedisServer server() {
    return nodes.cluster().masterForKey(ClusterKeys.TAG);
  }

  @Override
  protected RedisDriver connect(RedisTelemetry telemetry, String uri, Duration commandTimeout) {
    if (!uri.equals(server().uri())) {
      return LettuceDriver.connect(telemetry, uri, commandTimeout);
    }
    return LettuceDriver.cluster(telemetry, server(), commandTimeout);
  }
}
