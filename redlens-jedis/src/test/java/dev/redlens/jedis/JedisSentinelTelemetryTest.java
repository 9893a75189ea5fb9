package dev.redlens.jedis;

import static dev.redlens.core.RedlensSemconv.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.redlens.conformance.drivers.JedisClientDriver;
import dev.redlens.core.RedisTelemetry;
import dev.redlens.testing.InMemoryTelemetry;
import dev.redlens.testing.RedisSentinel;
import dev.redlens.testing.RedisServer;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.UnifiedJedis;

/**
 * {@link JedisTelemetry#sentinel} against a real master, replica and three sentinels: every command
 * names the master that served it, before and after {@code SENTINEL FAILOVER}; the master's pool is
 * registered under its own name and replaced by the new master's.
 */
@Tag("sentinel")
class JedisSentinelTelemetryTest {

  private static RedisSentinel sentinel;

  @BeforeAll
  static void start() {
    sentinel = RedisSentinel.builder().replicas(1).sentinels(3).start();
  }

  @AfterAll
  static void stop() {
    sentinel.close();
  }

  @Test
  void everyCommandNamesTheMasterThatServedItBeforeAndAfterAFailover() {
    try (InMemoryTelemetry otel = new InMemoryTelemetry();
        RedisTelemetry telemetry = RedisTelemetry.create(otel.openTelemetry());
        UnifiedJedis jedis =
            JedisTelemetry.create(telemetry)
                .sentinel(
                    sentinel.masterName(),
                    sentinel.sentinelAddresses().stream()
                        .map(HostAndPort::from)
                        .collect(Collectors.toSet()),
                    DefaultJedisClientConfig.builder().socketTimeoutMillis(5_000).build(),
                    DefaultJedisClientConfig.builder().build())) {
      RedisServer before = sentinel.master();
      assertThat(otel.finishedSpans()).isEmpty(); // asking the sentinels is housekeeping

      jedis.set("k", "v");
      try (AbstractPipeline pipeline = JedisClientDriver.openPipeline(jedis)) {
        pipeline.get("k");
        pipeline.sync();
      }
      assertThat(otel.finishedSpans())
          .extracting(SpanData::getName)
          .containsExactlyInAnyOrder("SET", "GET");
      assertThat(otel.finishedSpans())
          .allSatisfy(
              s -> assertThat(s.getAttributes().get(SERVER_PORT)).isEqualTo((long) before.port()));
      assertThat(telemetry.pools().snapshot())
          .extracting(p -> p.name())
          .containsExactly("127.0.0.1:" + before.port() + "/0");

      RedisServer after = sentinel.failover();
      assertThat(after.port()).isNotEqualTo(before.port());
      otel.reset();
      // Jedis learns the new master from the sentinels' +switch-master, asynchronously
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(() -> servedBy(otel, jedis) == after.port());
      otel.reset();
      jedis.set("k", "after");
      assertThat(jedis.get("k")).isEqualTo("after");

      List<SpanData> spans = otel.finishedSpans();
      assertThat(spans).extracting(SpanData::getName).containsExactly("SET", "GET");
      assertThat(spans)
          .allSatisfy(
              s -> assertThat(s.getAttributes().get(SERVER_PORT)).isEqualTo((long) after.port()));
      assertThat(telemetry.pools().snapshot())
          .extracting(p -> p.name())
          .containsExactly("127.0.0.1:" + after.port() + "/0");
    }
  }

  /** The port of the server that answered a {@code PING} on {@code jedis}, by its span. */
  private static long servedBy(InMemoryTelemetry otel, UnifiedJedis jedis) {
    otel.reset();
    jedis.ping();
    return otel.finishedSpans().get(0).getAttributes().get(SERVER_PORT);
  }
}
