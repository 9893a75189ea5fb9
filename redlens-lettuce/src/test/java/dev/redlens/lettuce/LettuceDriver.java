package dev.redlens.lettuce;

import dev.redlens.conformance.ClientTraits;
import dev.redlens.conformance.RedisDriver;
import dev.redlens.conformance.drivers.ClusterKeys;
import dev.redlens.conformance.drivers.LettuceClusterDriver;
import dev.redlens.conformance.drivers.LettuceConnectionDriver;
import dev.redlens.core.RedisTelemetry;
import dev.redlens.testing.RedisServer;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * The conformance suites' driver over a Lettuce {@link RedisClient} made with configured resources
 * (the shared {@link LettuceConnectionDriver} on its connection). The client rejects commands while
 * disconnected (instead of queueing them for replay), so a command sent to a dead server fails at
 * once.
 */
final class LettuceDriver {

  private LettuceDriver() {}

  static RedisDriver connect(RedisTelemetry telemetry, String uri, Duration timeout) {
    RedisURI redisUri = RedisURI.create(uri);
    redisUri.setTimeout(timeout);
    ClientResources resources =
        LettuceTelemetry.create(telemetry).configure(ClientResources.builder()).build();
    RedisClient client = RedisClient.create(resources, redisUri);
    client.setOptions(
        ClientOptions.builder()
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .build());
    return new LettuceConnectionDriver(
        client.connect(),
        timeout,
        () -> {
          client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
          resources.shutdown(0, 2, TimeUnit.SECONDS);
        },
        ClientTraits.PLAIN);
  }

  /**
   * The conformance suites' driver over a {@link RedisClusterClient} made with configured
   * resources, discovering the cluster from {@code seed}; it rejects commands while disconnected,
   * as {@link #connect}'s client.
   */
  static RedisDriver cluster(RedisTelemetry telemetry, RedisServer seed, Duration timeout) {
    RedisURI redisUri = RedisURI.create(seed.uri());
    redisUri.setTimeout(timeout);
    ClientResources resources =
        LettuceTelemetry.create(telemetry).configure(ClientResources.builder()).build();
    RedisClusterClient client = RedisClusterClient.create(resources, redisUri);
    client.setOptions(
        ClusterClientOptions.builder()
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .build());
    StatefulRedisClusterConnection<String, String> connection = client.connect();
    // a cluster connection connects to a node on its first command there, which it rejects while
    // disconnected: connect to the driver's slot's node before the suites look
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .until(() -> connection.sync().exists(ClusterKeys.TAG) >= 0);
    return new LettuceClusterDriver(
        connection,
        timeout,
        () -> {
          client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
          resources.shutdown(0, 2, TimeUnit.SECONDS);
        });
  }
}
