package dev.redlens.benchmarks;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.testing.RedisServer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Allocation per command end to end, against a real redis-server: pipelined batches of 100 commands
 * (SET and GET alternately) through plain and instrumented Lettuce and Jedis clients. Run with
 * JMH's GC profiler ({@code -prof gc}): {@code gc.alloc.rate.norm} counts the bytes every thread of
 * the JVM allocated (the caller, Lettuce's event loop, the SDK's processors), per command; a
 * Redlens variant minus its plain client is what Redlens allocates per command. Unlike elapsed
 * time, this does not depend on the load of the machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class AllocationBenchmark {

  /** {@code client-variant}: the client and what observes it. */
  @Param({
    "lettuce-plain",
    "lettuce-emptyListener",
    "lettuce-metrics",
    "lettuce-sampled",
    "lettuce-rootSpansOff",
    "lettuce-otel",
    "jedis-plain",
    "jedis-metrics",
    "jedis-sampled",
    "jedis-rootSpansOff"
  })
  public String variant;

  private static final int BATCH = 100;
  private static final String VALUE = "v".repeat(32);

  private RedisServer server;
  private OpenTelemetrySdk sdk;
  private BenchClient client;
  private final String[] keys = new String[BATCH];

  @Setup(Level.Trial)
  public void start() {
    server = RedisServer.start();
    sdk = BenchmarkSdk.create(variant.endsWith("-sampled") || variant.endsWith("-otel"));
    client = open(variant, server.uri(), sdk);
    for (int i = 0; i < BATCH; i++) {
      keys[i] = "key:" + (i / 2); // SET key:n then GET key:n: every GET a hit
    }
  }

  /** One of the variants, by its parameter name. */
  static BenchClient open(String variant, String uri, OpenTelemetrySdk sdk) {
    return switch (variant) {
      case "lettuce-plain" -> LettuceClients.plain(uri);
      // the floor of the only hook that sees commands never written (docs/architecture.md)
      case "lettuce-emptyListener" -> LettuceClients.emptyListener(uri);
      case "lettuce-metrics", "lettuce-sampled" -> LettuceClients.redlens(uri, sdk);
      case "lettuce-rootSpansOff" ->
          LettuceClients.redlens(uri, RedisTelemetry.builder(sdk).setRootSpans(false).build());
      case "lettuce-otel" -> LettuceClients.openTelemetryLettuce51(uri, sdk);
      case "jedis-plain" -> JedisVariants.plain(uri);
      case "jedis-metrics", "jedis-sampled" ->
          JedisVariants.redlens(uri, RedisTelemetry.create(sdk));
      case "jedis-rootSpansOff" ->
          JedisVariants.redlens(uri, RedisTelemetry.builder(sdk).setRootSpans(false).build());
      default -> throw new IllegalArgumentException(variant);
    };
  }

  @TearDown(Level.Trial)
  public void stop() {
    client.close();
    sdk.close();
    server.close();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void pipelined() {
    client.pipelined(keys, VALUE);
  }
}
