package dev.redlens.deploy;

import static io.opentelemetry.api.common.AttributeKey.stringKey;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.info.ServerMetrics;
import dev.redlens.lettuce.LettuceTelemetry;
import dev.redlens.testing.RedisCluster;
import dev.redlens.testing.RedisServer;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.resource.ClientResources;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.prometheus.PrometheusHttpServer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.resources.Resource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The second scrape target: an application of the library (no service) on a Redis Cluster of three
 * primaries with a replica each — a Lettuce cluster client made with {@link LettuceTelemetry}'s
 * resources, a {@link ServerMetrics} collector polling every node it discovers from a seed (so
 * {@code CLUSTER INFO}, the replicas' master link and the replica role are reported), and the SDK's
 * own Prometheus endpoint. Its traffic includes a slot moved under the client, so it follows {@code
 * MOVED} redirections. This is what the cluster and replica panels and rules need to have data.
 */
final class ClusterAppUnderLoad implements AutoCloseable {

  static final String SERVICE_NAME = "redlens-cluster-app";

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private RedisCluster cluster;
  private StatefulRedisClusterConnection<String, String> connection;
  private int port;

  static ClusterAppUnderLoad start() {
    ClusterAppUnderLoad app = new ClusterAppUnderLoad();
    try {
      app.startParts();
      return app;
    } catch (RuntimeException | Error e) {
      app.close();
      throw e;
    }
  }

  private void startParts() {
    cluster = RedisCluster.start(3, 1);
    started.push(cluster);
    port = freePort();
    PrometheusHttpServer endpoint =
        PrometheusHttpServer.builder().setHost("127.0.0.1").setPort(port).build();
    OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setMeterProvider(
                SdkMeterProvider.builder()
                    .setResource(
                        Resource.getDefault()
                            .merge(
                                Resource.create(
                                    Attributes.of(stringKey("service.name"), SERVICE_NAME))))
                    .registerMetricReader(endpoint)
                    .build())
            .build();
    started.push(sdk);
    RedisTelemetry telemetry = RedisTelemetry.create(sdk);
    started.push(telemetry);
    ClientResources resources =
        LettuceTelemetry.create(telemetry).configure(ClientResources.builder()).build();
    started.push(() -> resources.shutdown().get());
    List<RedisURI> seeds = new ArrayList<>();
    cluster.uris().forEach(uri -> seeds.add(RedisURI.create(uri)));
    RedisClusterClient client = RedisClusterClient.create(resources, seeds);
    started.push(client::shutdown);
    connection = client.connect();
    started.push(connection);
    // the nodes (primaries and replicas) discovered from one seed, as an application would
    started.push(
        ServerMetrics.builder(sdk)
            .addCluster(cluster.uris().get(0))
            .setInterval(Duration.ofMillis(500))
            .start());
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code host:port} of the SDK's Prometheus endpoint. */
  String target() {
    return "127.0.0.1:" + port;
  }

  /**
   * Writes and reads on every primary, then moves a key's slot so the next reads are redirected.
   */
  void generateLoad() {
    var sync = connection.sync();
    for (int i = 0; i < 300; i++) {
      sync.set("cluster:" + i, "v" + i);
      sync.get("cluster:" + i);
      sync.get("cluster:missing:" + i);
    }
    String key = "cluster:moving";
    sync.set(key, "v");
    RedisServer source = cluster.masterForKey(key);
    RedisServer target =
        cluster.masters().stream().filter(m -> !m.equals(source)).findFirst().orElseThrow();
    cluster.migrateSlot(cluster.slot(key), target);
    for (int i = 0; i < 10; i++) {
      sync.get(key);
    }
  }

  /** Stops everything in reverse order; idempotent. */
  @Override
  public void close() {
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        // the rest still has to stop; the test reports its own failures
      }
    }
  }
}
