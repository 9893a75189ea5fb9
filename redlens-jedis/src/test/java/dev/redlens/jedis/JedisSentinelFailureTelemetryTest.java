package dev.redlens.jedis;

import dev.redlens.conformance.FailureTelemetrySuite;
import dev.redlens.conformance.RedisDriver;
import dev.redlens.conformance.drivers.JedisClientDriver;
import dev.redlens.core.RedisTelemetry;
import dev.redlens.testing.RedisSentinel;
import dev.redlens.testing.RedisServer;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;

/**
 * The shared failure suite against {@link JedisTelemetry#sentinel} clients: a command that outlives
 * its timeout on the paused master, and a connection killed under a blocked command, classified as
 * on every other path. The sentinels wait 30 s before they call the paused master down (no failover
 * during the suite). The suite's tests that need a server of their own (out of memory, stopped,
 * killed) get the integration's standalone client for it.
 */
@Tag("sentinel")
class JedisSentinelFailureTelemetryTest extends FailureTelemetrySuite {

  private static RedisSentinel sentinel;

  @BeforeAll
  static void startSentinel() {
    sentinel =
        RedisSentinel.builder().replicas(1).sentinels(3).downAfter(Duration.ofSeconds(30)).start();
  }

  @AfterAll
  static void stopSentinel() {
    sentinel.close();
  }

  @BeforeEach
  void flushMaster() {
    sentinel.master().call("FLUSHALL");
  }

  @Override
  protected RedisServer server() {
    return sentinel.master();
  }

  @Override
  protected RedisDriver connect(RedisTelemetry telemetry, String uri, Duration commandTimeout) {
    if (!uri.equals(sentinel.master().uri())) {
      return JedisDriver.pooled(telemetry, uri, commandTimeout);
    }
    return new JedisClientDriver(
        JedisTelemetry.create(telemetry)
            .sentinel(
                sentinel.masterName(),
                sentinel.sentinelAddresses().stream()
                    .map(HostAndPort::from)
                    .collect(Collectors.toSet()),
                DefaultJedisClientConfig.builder()
                    .socketTimeoutMillis((int) commandTimeout.toMillis())
                    .build(),
                DefaultJedisClientConfig.builder().build()));
  }
}
