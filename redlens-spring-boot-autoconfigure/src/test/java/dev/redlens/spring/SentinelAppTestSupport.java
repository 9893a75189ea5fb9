package dev.redlens.spring;

import static dev.redlens.core.RedlensSemconv.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.redlens.info.ServerMetrics;
import dev.redlens.testing.InMemoryTelemetry;
import dev.redlens.testing.RedisSentinel;
import dev.redlens.testing.RedisServer;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A Boot application behind Sentinel ({@code spring.data.redis.sentinel.*}): every command names
 * the master that served it, before and after a failover, never a sentinel's address.
 */
@DirtiesContext
abstract class SentinelAppTestSupport {

  static RedisSentinel sentinel;

  @Autowired StringRedisTemplate template;
  @Autowired InMemoryTelemetry otel;
  @Autowired ServerMetrics serverMetrics;

  static void sentinelProperties(DynamicPropertyRegistry registry, String clientType) {
    sentinel = RedisSentinel.builder().sentinels(1).replicas(1).start();
    registry.add("spring.data.redis.sentinel.master", () -> sentinel.masterName());
    registry.add(
        "spring.data.redis.sentinel.nodes", () -> String.join(",", sentinel.sentinelAddresses()));
    registry.add("spring.data.redis.client-type", () -> clientType);
    registry.add("spring.data.redis.jedis.pool.enabled", () -> "true");
  }

  /**
   * Stops the sentinel setup when the class's extension context closes: after Spring's after-all
   * callback has closed the application ({@code @DirtiesContext}), so its connections close while
   * the nodes answer ({@code @AfterAll} would run first, and each connection would log "Cannot
   * reconnect").
   */
  @RegisterExtension
  static final BeforeAllCallback STOP_SENTINEL_LAST =
      context ->
          context
              .getStore(ExtensionContext.Namespace.create(SentinelAppTestSupport.class))
              .put(
                  RedisSentinel.class,
                  (AutoCloseable)
                      () -> {
                        if (sentinel != null) { // null when the context never loaded
                          sentinel.close();
                          sentinel = null;
                        }
                      });

  @Test
  void commandsNameTheMasterNotASentinel() {
    RedisServer master = sentinel.master();
    otel.reset();
    template.opsForValue().set("sentinel:key", "v");
    SpanData set = otel.span("SET");
    assertThat(set.getAttributes().get(SERVER_PORT)).isEqualTo((long) master.port());
    assertThat(set.getAttributes().get(SERVER_ADDRESS)).isEqualTo(master.host());
  }

  @Test
  void serverMetricsPollTheNodesSentinelNames() {
    serverMetrics.pollNow().orTimeout(60, TimeUnit.SECONDS).join();
    assertThat(serverMetrics.nodes())
        .extracting(node -> node.port())
        .containsExactlyInAnyOrderElementsOf(
            sentinel.dataNodes().stream().map(RedisServer::port).toList());
  }

  /**
   * Run by the clients that move to the new master on their own (Jedis's sentinel pool does; a
   * Lettuce connection stays on the demoted node until it is dropped).
   */
  void commandsNameTheNewMasterAfterFailover() {
    template.opsForValue().set("sentinel:before", "v");
    RedisServer master = sentinel.master();
    RedisServer promoted = sentinel.failover();
    assertThat(promoted.port()).isNotEqualTo(master.port());
    otel.reset();
    // the client learns of the new master on its own schedule: retry until a write succeeds there
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              template.opsForValue().set("sentinel:after", "v");
              assertThat(otel.finishedSpans())
                  .filteredOn(span -> span.getName().equals("SET"))
                  .filteredOn(span -> span.getStatus().getStatusCode().name().equals("UNSET"))
                  .last()
                  .satisfies(
                      span ->
                          assertThat(span.getAttributes().get(SERVER_PORT))
                              .isEqualTo((long) promoted.port()));
            });
    assertThat(otel.finishedSpans())
        .filteredOn(span -> span.getName().equals("SET"))
        .allSatisfy(
            span ->
                assertThat(span.getAttributes().get(SERVER_PORT))
                    .isIn((long) master.port(), (long) promoted.port()));
  }
}
