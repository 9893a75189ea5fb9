package dev.redlens.spring;

import static dev.redlens.core.RedlensSemconv.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.redlens.info.ServerMetrics;
import dev.redlens.testing.InMemoryTelemetry;
import dev.redlens.testing.RedisClusterExtension;
import dev.redlens.testing.RedisServer;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A Boot application on a Redis Cluster ({@code spring.data.redis.cluster.nodes}), for either
 * client: every template operation is one span naming the master that owns its key's slot, and
 * {@code ServerMetrics} polls every configured node.
 *
 * <p>{@code @DirtiesContext} closes the application in Spring's after-all callback, which runs
 * before the extension stops the cluster: the application's connections close while the nodes still
 * answer, instead of each trying to reconnect to a stopped node ("Cannot reconnect").
 */
@DirtiesContext
abstract class ClusterAppTestSupport {

  @RegisterExtension
  static final RedisClusterExtension CLUSTER = RedisClusterExtension.create(3, 0);

  @Autowired StringRedisTemplate template;
  @Autowired InMemoryTelemetry otel;
  @Autowired ServerMetrics serverMetrics;

  static void clusterProperties(DynamicPropertyRegistry registry, String clientType) {
    registry.add(
        "spring.data.redis.cluster.nodes",
        () ->
            String.join(
                ",",
                CLUSTER.cluster().nodes().stream().map(n -> n.host() + ":" + n.port()).toList()));
    registry.add("spring.data.redis.client-type", () -> clientType);
  }

  @Test
  void everyOperationNamesTheMasterOfItsSlot() {
    List<String> keys =
        java.util.stream.IntStream.range(0, 30).mapToObj(i -> "cluster:key:" + i).toList();
    for (String key : keys) {
      otel.reset();
      template.opsForValue().set(key, "v");
      SpanData set = otel.span("SET");
      RedisServer owner = CLUSTER.cluster().masterForKey(key);
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
            CLUSTER.cluster().nodes().stream().map(RedisServer::port).toList());
  }
}
