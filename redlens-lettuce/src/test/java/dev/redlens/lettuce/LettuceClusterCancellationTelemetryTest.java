package dev.redlens.lettuce;

import dev.redlens.conformance.CancellationTelemetrySuite;
import dev.redlens.conformance.RedisDriver;
import dev.redlens.conformance.drivers.ClusterKeys;
import dev.redlens.core.RedisTelemetry;
import dev.redlens.testing.RedisClusterExtension;
import dev.redlens.testing.RedisServer;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shared cancellation suite against Lettuce cluster connections (a cluster of 3 masters started
 * once for the class): a command its caller cancelled on a node connection is classified {@code
 * cancelled}.
 */
@Tag("cluster")
class LettuceClusterCancellationTelemetryTest extends CancellationTelemetrySuite {

  @RegisterExtension static final RedisClusterExtension nodes = RedisClusterExtension.create(3, 0);

  @Override
  protected RedisServer server() {
    return nodes.cluster().masterForKey(ClusterKeys.TAG);
  }

  @Override
  protected RedisDriver connect(RedisTelemetry telemetry, String uri, Duration commandTimeout) {
    return LettuceDriver.cluster(telemetry, server(), commandTimeout);
  }
}
