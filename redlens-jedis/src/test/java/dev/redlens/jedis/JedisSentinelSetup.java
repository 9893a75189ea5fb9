package dev.redlens.jedis;

import dev.redlens.conformance.RedisDriver;
import dev.redlens.conformance.drivers.JedisClientDriver;
import dev.redlens.core.RedisTelemetry;
import dev.redlens.testing.RedisSentinel;
import dev.redlens.testing.RedisServer;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.UnifiedJedis;

/**
 * A master with one replica behind three sentinels for a conformance suite run against {@link
 * JedisTelemetry#sentinel} clients (a static {@code @RegisterExtension} field): started for the
 * class, the master flushed before each test. {@link #connect} reaches the master through the
 * sentinels; a suite's test that needs a server of its own (a password, a failing backend) gets the
 * integration's standalone pooled client for it.
 */
final class JedisSentinelSetup implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

  private final UnaryOperator<RedisSentinel.Builder> configuration;
  private RedisSentinel sentinel;

  /**
   * @param configuration applied to a builder of one replica and three sentinels
   */
  JedisSentinelSetup(UnaryOperator<RedisSentinel.Builder> configuration) {
    this.configuration = configuration;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    sentinel = configuration.apply(RedisSentinel.builder().replicas(1).sentinels(3)).start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    sentinel.close();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    sentinel.master().call("FLUSHALL");
  }

  /** The master the sentinels name now: the suite's server. */
  RedisServer master() {
    return sentinel.master();
  }

  RedisDriver connect(RedisTelemetry telemetry, String uri, Duration commandTimeout) {
    if (!uri.equals(sentinel.master().uri())) {
      return JedisDriver.pooled(telemetry, uri, commandTimeout);
    }
    return new JedisClientDriver(client(sentinel, telemetry, commandTimeout));
  }

  /** A {@link JedisTelemetry#sentinel} client of {@code sentinel}'s master. */
  static UnifiedJedis client(
      RedisSentinel sentinel, RedisTelemetry telemetry, Duration socketTimeout) {
    return JedisTelemetry.create(telemetry)
        .sentinel(
            sentinel.masterName(),
            sentinel.sentinelAddresses().stream()
                .map(HostAndPort::from)
                .collect(Collectors.toSet()),
            DefaultJedisClientConfig.builder()
                .socketTimeoutMillis((int) socketTimeout.toMillis())
                .build(),
            DefaultJedisClientConfig.builder().build());
  }
}
