package dev.redlens.jedis;

import dev.redlens.conformance.CommandTelemetrySuite;
import dev.redlens.conformance.RedisDriver;
import dev.redlens.core.RedisTelemetry;
import dev.redlens.testing.RedisClusterExtension;
import dev.redlens.testing.RedisServer;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The shared command suite against {@link JedisTelemetry#cluster} clients on a cluster of 3 masters
 * (the suite's keys share one slot through the driver's hash tag, so every assertion names that
 * slot's master). The suite's tests that need a server of their own (a password) get the
 * integration's standalone client for it.
 */
@Tag("cluster")
class JedisClusterCommandTelemetryTest extends CommandTelemetrySuite {

  @RegisterExtension static final RedisClusterExtension nodes = RedisClusterExtension.create(3, 0);

  @Override
  protected RedisServer server() {
    return nodes.cluster().masterForKey(JedisClusterDriver.TAG);
  }

  @Override
  protected RedisDriver connect(RedisTelemetry telemetry, String uri, Duration commandTimeout) {
    RedisServer owner = server();
    if (!uri.equals(owner.uri())) {
      return JedisDriver.pooled(telemetry, uri, commandTimeout);
    }
    return clusterDriver(telemetry, owner, commandTimeout);
  }

  /**
   * A driver over a {@link JedisTelemetry#cluster} client discovering the cluster from {@code
   * seed}.
   */
  static RedisDriver clusterDriver(
      RedisTelemetry telemetry, RedisServer seed, Duration commandTimeout) {
    return new JedisClusterDriver(
        JedisTelemetry.create(telemetry)
            .cluster(
                Set.of(new HostAndPort(seed.host(), seed.port())),
                DefaultJedisClientConfig.builder()
                    .socketTimeoutMillis((int) commandTimeout.toMillis())
                    .build(),
                null),
        JedisClusterCRC16.getSlot(JedisClusterDriver.TAG));
  }
}
