package dev.redlens.spring;

import static dev.redlens.core.RedlensSemconv.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.redlens.info.ServerMetrics;
import dev.redlens.testing.InMemoryTelemetry;
import dev.redlens.testing.RedisCluster;
import dev.redlens.testing.RedisServer;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Boot's Lettuce factory on a Redis Cluster ({@code spring.data.redis.cluster.nodes}): every
 * template operation is one span naming the master that owns its key's slot, and {@code
 * ServerMetrics} polls every configured node.
 */
@SpringBootTest(classes = RedisAppTestSupport.App.class)
@DirtiesContext
class LettuceClusterAppTest {

  static RedisCluster cluster;

  @Autowired StringRedisTemplate template;
  @Autowired InMemoryTelemetry otel;
  @Autowired ServerMetrics serverMetrics;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    cluster = RedisCluster.start(3, 0);
    registry.add(
        "spring.data.redis.cluster.nodes",
        () ->
            String.join(
                ",", cluster.nodes().stream().map(n -> n.host() + ":" + n.port()).toList()));
    registry.add("spring.data.redis.client-type", () -> "lettuce");
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @Test
  void everyOperationNamesTheMasterOfItsSlot() {
    List<String> keys =
        java.util.stream.IntStream.range(0, 30).mapToObj(i -> "cluster:key:" + i).toList();
    for (String key : keys) {
      otel.reset();
      template.opsForValue().set(key, "v");
      SpanData set = otel.span("SET");
      RedisServer owner = cluster.masterForKey(key);
      assertThat(set.getAttributes().get(SERVER_PORT)).as(key).isEqualTo((long) owner.port());
      assertThat(set.getAttributes().get(SERVER_ADDRESS)).isEqualTo(owner.host());
    }
  }

  @Test
  void serverMetricsPollEveryNodeDiscoveredFromTheSeed() {
    serverMetrics.pollNow().orTimeout(60, java.util.concurrent.TimeUnit.SECONDS).join();
    assertThat(serverMetrics.nodes())
        .extracting(node -> node.port())
        .containsExactlyInAnyOrderElementsOf(
            cluster.nodes().stream().map(RedisServer::port).toList());
  }
}
