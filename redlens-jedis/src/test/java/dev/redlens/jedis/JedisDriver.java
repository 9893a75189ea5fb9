package dev.redlens.jedis;

import dev.redlens.conformance.RedisDriver;
import dev.redlens.conformance.drivers.JedisClientDriver;
import dev.redlens.core.RedisTelemetry;
import java.time.Duration;

/**
 * The conformance suites' drivers over {@link JedisTelemetry#pooled} and {@link
 * JedisTelemetry#single} clients (the command timeout is the socket timeout).
 */
final class JedisDriver {

  private JedisDriver() {}

  static RedisDriver pooled(RedisTelemetry telemetry, String uri, Duration timeout) {
    return new JedisClientDriver(
        JedisTelemetry.create(telemetry)
            .pooled(
                JedisClientDriver.hostAndPort(uri), JedisClientDriver.config(uri, timeout), null));
  }

  static RedisDriver single(RedisTelemetry telemetry, String uri, Duration timeout) {
    return new JedisClientDriver(
        JedisTelemetry.create(telemetry)
            .single(JedisClientDriver.hostAndPort(uri), JedisClientDriver.config(uri, timeout)));
  }
}
