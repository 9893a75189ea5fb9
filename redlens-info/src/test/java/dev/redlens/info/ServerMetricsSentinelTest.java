package dev.redlens.info;

import static dev.redlens.info.ServerMetricNames.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.redlens.testing.InMemoryTelemetry;
import dev.redlens.testing.RedisSentinel;
import dev.redlens.testing.RedisServer;
import io.opentelemetry.sdk.metrics.data.PointData;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link ServerMetrics.Builder#addSentinel}: the monitored master and its replica, found through
 * the sentinels, followed through a {@code SENTINEL FAILOVER}.
 */
@Tag("sentinel")
class ServerMetricsSentinelTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static RedisSentinel sentinel;

  @BeforeAll
  static void start() {
    sentinel = RedisSentinel.builder().replicas(1).sentinels(2).start();
  }

  @AfterAll
  static void stop() {
    sentinel.close();
  }

  @Test
  void theMasterAndItsReplicaAreFoundThroughSentinelsAndFollowedThroughAFailover() {
    RedisServer master = sentinel.master();
    RedisServer replica = sentinel.replicas().get(0);
    // one sentinel as a plain URI, or every sentinel in Lettuce's form
    for (String sentinelUri : new String[] {sentinel.sentinels().get(0).uri(), sentinel.uri()}) {
      try (InMemoryTelemetry telemetry = new InMemoryTelemetry();
          ServerMetrics metrics =
              ServerMetrics.builder(telemetry.openTelemetry())
                  .addSentinel(sentinel.masterName(), sentinelUri)
                  .setInterval(Duration.ofMillis(200))
                  .start()) {
        await()
            .atMost(WAIT)
            .until(
                () ->
                    roles(telemetry)
                        .equals(Map.of(master.port(), "primary", replica.port(), "replica")));
        assertThat(metrics.nodes()).hasSize(2);
      }
    }

    try (InMemoryTelemetry telemetry = new InMemoryTelemetry();
        ServerMetrics metrics =
            ServerMetrics.builder(telemetry.openTelemetry())
                .addSentinel(sentinel.masterName(), sentinel.uri())
                .setInterval(Duration.ofMillis(200))
                .start()) {
      await().atMost(WAIT).until(() -> roles(telemetry).size() == 2);

      RedisServer promoted = sentinel.failover();

      assertThat(promoted).isEqualTo(replica);
      await()
          .atMost(WAIT)
          .until(
              () ->
                  roles(telemetry)
                      .equals(Map.of(master.port(), "replica", replica.port(), "primary")));
      assertThat(metrics.nodes()).hasSize(2).allMatch(NodeStatus::isUp);
    }
  }

  @Test
  void aSentinelUriIsRefusedAsANodeAndAnEmptyMasterNameAsASentinelMaster() {
    ServerMetrics.Builder builder = ServerMetrics.builder(new InMemoryTelemetry().openTelemetry());
    assertThatThrownBy(() -> builder.addNode(sentinel.uri()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("addSentinel");
    assertThatThrownBy(() -> builder.addSentinel(" ", sentinel.uri()))
        .isInstanceOf(IllegalArgumentException.class);
    builder.addSentinel("mymaster", sentinel.uri());
    assertThatThrownBy(() -> builder.addSentinel("mymaster", sentinel.uri()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("added twice");
  }

  private static Map<Integer, String> roles(InMemoryTelemetry telemetry) {
    Map<Integer, String> roles = new TreeMap<>();
    for (PointData point : CollectedMetrics.of(telemetry.collect()).points(ROLE)) {
      roles.put(
          point.getAttributes().get(SERVER_PORT).intValue(),
          point.getAttributes().get(ROLE_ATTRIBUTE));
    }
    return roles;
  }
}
