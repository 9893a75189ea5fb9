package dev.redlens.benchmarks;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.lettuce.LettuceTelemetry;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.time.Duration;

/**
 * The Lettuce variants: plain, with Redlens, with OpenTelemetry's own lettuce-5.1 library
 * instrumentation.
 */
final class LettuceClients implements BenchClient {

  private final RedisClient client;
  private final ClientResources resources;
  private final StatefulRedisConnection<String, String> connection;
  private final StatefulRedisConnection<String, String> pipelineConnection;
  private final RedisCommands<String, String> sync;
  private final RedisAsyncCommands<String, String> async;
  private final AutoCloseable telemetry;

  private LettuceClients(RedisClient client, ClientResources resources, AutoCloseable telemetry) {
    this.client = client;
    this.resources = resources;
    this.telemetry = telemetry;
    this.connection = client.connect();
    this.pipelineConnection = client.connect();
    this.pipelineConnection.setAutoFlushCommands(false);
    this.sync = connection.sync();
    this.async = pipelineConnection.async();
  }

  static LettuceClients plain(String uri) {
    ClientResources resources = ClientResources.create();
    return new LettuceClients(RedisClient.create(resources, uri), resources, null);
  }

  static LettuceClients redlens(String uri, OpenTelemetrySdk sdk) {
    return redlens(uri, RedisTelemetry.create(sdk));
  }

  static LettuceClients redlens(String uri, RedisTelemetry telemetry) {
    ClientResources resources =
        LettuceTelemetry.create(telemetry).configure(ClientResources.builder()).build();
    return new LettuceClients(RedisClient.create(resources, uri), resources, telemetry);
  }

  /** The deprecated command-listener hook ({@code instrument(RedisClient)}), for comparison. */
  @SuppressWarnings("deprecation")
  static LettuceClients redlensListener(String uri, OpenTelemetrySdk sdk) {
    RedisTelemetry telemetry = RedisTelemetry.create(sdk);
    ClientResources resources = ClientResources.create();
    RedisClient client =
        LettuceTelemetry.create(telemetry).instrument(RedisClient.create(resources, uri));
    return new LettuceClients(client, resources, telemetry);
  }

  /**
   * Lettuce with its Tracing SPI enabled and a tracer that does nothing: the floor of that
   * mechanism (a {@code TracedCommand} and a context look-up per command), which Redlens's hook
   * uses to carry the caller's context.
   */
  static LettuceClients emptyTracing(String uri, OpenTelemetrySdk sdk) {
    RedisTelemetry telemetry = RedisTelemetry.create(sdk);
    // Redlens's configuration with its channel handler taken out again: its Tracing alone
    ClientResources resources =
        LettuceTelemetry.create(telemetry)
            .configure(ClientResources.builder())
            .nettyCustomizer(new io.lettuce.core.resource.NettyCustomizer() {})
            .build();
    return new LettuceClients(RedisClient.create(resources, uri), resources, telemetry);
  }

  /**
   * Lettuce with a command listener that does nothing: the floor of the listener mechanism (the
   * events and the command wrapper Lettuce allocates per command), for telling Lettuce's share of
   * the overhead from Redlens's.
   */
  static LettuceClients emptyListener(String uri) {
    ClientResources resources = ClientResources.create();
    RedisClient client = RedisClient.create(resources, uri);
    client.addListener(new io.lettuce.core.event.command.CommandListener() {});
    return new LettuceClients(client, resources, null);
  }

  static LettuceClients openTelemetryLettuce51(String uri, OpenTelemetrySdk sdk) {
    var tracing =
        io.opentelemetry.instrumentation.lettuce.v5_1.LettuceTelemetry.create(sdk).newTracing();
    ClientResources resources = ClientResources.builder().tracing(tracing).build();
    return new LettuceClients(RedisClient.create(resources, uri), resources, null);
  }

  @Override
  public void set(String key, String value) {
    sync.set(key, value);
  }

  @Override
  public String get(String key) {
    return sync.get(key);
  }

  @Override
  @SuppressWarnings("unchecked")
  public void pipelined(String[] keys, String value) {
    RedisFuture<String>[] futures = new RedisFuture[keys.length];
    for (int i = 0; i < keys.length; i++) {
      futures[i] = (i & 1) == 0 ? async.set(keys[i], value) : async.get(keys[i]);
    }
    pipelineConnection.flushCommands();
    if (!LettuceFutures.awaitAll(Duration.ofSeconds(30), futures)) {
      throw new IllegalStateException("a pipelined batch did not complete in 30 s");
    }
  }

  @Override
  public boolean threadSafe() {
    return true;
  }

  @Override
  public void close() {
    connection.close();
    pipelineConnection.close();
    client.shutdown();
    resources.shutdown();
    if (telemetry != null) {
      try {
        telemetry.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
