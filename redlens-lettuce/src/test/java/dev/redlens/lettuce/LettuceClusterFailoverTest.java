package dev.redlens.lettuce;

import static dev.redlens.core.RedlensSemconv.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.testing.InMemoryTelemetry;
import dev.redlens.testing.RedisCluster;
import dev.redlens.testing.RedisClusterExtension;
import dev.redlens.testing.RedisServer;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.resource.ClientResources;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A cluster master killed under a Lettuce cluster client: the command sent to it fails within the
 * command timeout, and once the client has the new topology its commands name the promoted replica.
 * Its own cluster (the kill changes the topology).
 */
@Tag("cluster")
class LettuceClusterFailoverTest {

  @RegisterExtension static final RedisClusterExtension redis = RedisClusterExtension.create(3, 1);

  @Test
  void afterAFailoverCommandsNameThePromotedReplica() {
    RedisCluster cluster = redis.cluster();
    try (InMemoryTelemetry otel = new InMemoryTelemetry();
        RedisTelemetry telemetry = RedisTelemetry.create(otel.openTelemetry())) {
      ClientResources resources =
          LettuceTelemetry.create(telemetry).configure(ClientResources.builder()).build();
      RedisURI seed = RedisURI.create(cluster.uris().get(0));
      seed.setTimeout(Duration.ofSeconds(2));
      RedisClusterClient client = RedisClusterClient.create(resources, seed);
      client.setOptions(
          ClusterClientOptions.builder()
              .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(2)))
              .build());
      try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
        String key = "failover";
        connection.sync().set(key, "v");
        RedisServer master = cluster.masterForKey(key);
        // replication is asynchronous: the key reaches the replica before its master dies
        RedisServer replica = cluster.replicasOf(master).get(0);
        await().until(() -> Long.valueOf(1).equals(replica.call("DBSIZE")));

        RedisServer promoted = cluster.killMaster(master);
        otel.reset();
        // the client still routes the slot to the dead master and buffers the command until its
        // timeout: the caller gets the timeout (nothing hangs). The command never reached a
        // connection, so it has no span (a known gap of the write-time hook, see the README).
        assertThatThrownBy(() -> connection.sync().get(key))
            .isInstanceOf(io.lettuce.core.RedisCommandTimeoutException.class);

        client.refreshPartitions();
        otel.reset();
        assertThat(connection.sync().get(key)).isEqualTo("v");
        List<SpanData> gets = otel.spans("GET");
        assertThat(gets).hasSize(1);
        assertThat(gets.get(0).getAttributes().get(SERVER_PORT)).isEqualTo((long) promoted.port());
        assertThat(gets.get(0).getAttributes().get(REDIS_CACHE_RESULT)).isEqualTo(CACHE_HIT);
      } finally {
        client.shutdown();
        resources.shutdown();
        cluster.restartKilledNodes();
      }
    }
  }
}
