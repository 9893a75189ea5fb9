package dev.redlens.jedis;

import dev.redlens.conformance.CommandTelemetrySuite;
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
 * The shared command suite against {@link JedisTelemetry#sentinel} clients: the client under test
 * reaches its master through three sentinels, and every assertion names that master. The suite's
 * tests that need a server of their own (a password, a failing backend on another server) get the
 * integration's standalone client for it.
 */
@Tag("sentinel")
class JedisSentinelCommandTelemetryTest extends CommandTelemetrySuite {

  private static RedisSentinel sentinel;

  @BeforeAll
  static void startSentinel() {
    sentinel = RedisSentinel.builder().replicas(1).sentinels(3).start();
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
