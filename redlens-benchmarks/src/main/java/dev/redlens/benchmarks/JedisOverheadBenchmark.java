package dev.redlens.benchmarks;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.jedis.JedisTelemetry;
import dev.redlens.project.ProjectKeyspace;
import dev.redlens.testing.RedisServer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * What the Jedis integration costs on a sync {@code GET} (a hit) through a pooled client, against
 * plain Jedis ({@code RedisClient}): {@code plain}, {@code metrics} (Redlens with spans unsampled:
 * metrics and statistics only) and {@code sampled} (every span sampled, batch span processor). The
 * SDK drops what it exports. Each fork starts its own redis-server (redlens-testing's {@link
 * RedisServer}). {@link #main} interleaves the variants: rounds of one fork per variant.
 *
 * <pre>
 * mvn -B -q -pl redlens-benchmarks -am package -DskipTests
 * java -cp redlens-benchmarks/target/redlens-benchmarks.jar dev.redlens.benchmarks.JedisOverheadBenchmark 3
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JedisOverheadBenchmark {

  @Param({"plain", "metrics", "sampled", "scoped"})
  public String variant;

  private RedisServer server;
  private OpenTelemetrySdk sdk;
  private RedisTelemetry telemetry;
  private UnifiedJedis jedis;

  @Setup(Level.Trial)
  public void start() {
    server = RedisServer.start();
    pinServer();
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    switch (variant) {
      case "plain":
        jedis =
            RedisClient.builder()
                .hostAndPort(server.host(), server.port())
                .poolConfig(pool)
                .build();
        break;
      case "metrics":
      case "sampled":
        sdk = BenchmarkSdk.create(variant.equals("sampled"));
        telemetry = RedisTelemetry.create(sdk);
        jedis = JedisTelemetry.create(telemetry).redisClients().pooled(server.uri(), pool);
        break;
      case "scoped":
        // a project-scoped client (redlens-project on redlens-jedis's connection hook), metrics
        // only
        sdk = BenchmarkSdk.create(false);
        telemetry = RedisTelemetry.create(sdk);
        jedis =
            ProjectKeyspace.of("0f8c2a4e-6d1b-4c3a-9f2e-5b7d8a9c0e1f")
                .withTelemetry(telemetry)
                .jedisPooled(server.uri(), pool);
        break;
      default:
        throw new IllegalArgumentException(variant);
    }
    jedis.set("bench:key", "value-of-a-typical-size-0123456789");
  }

  /**
   * With {@code -Dredlens.bench.serverCpu=N} (and the benchmark JVM pinned elsewhere, e.g. {@code
   * -jvm} a script running {@code taskset -c 1 java "$@"}), the redis-server runs on CPU {@code N}
   * only: on a small, shared machine the round trip otherwise depends on where the scheduler puts
   * the two processes.
   */
  private void pinServer() {
    String cpu = System.getProperty("redlens.bench.serverCpu");
    if (cpu == null) {
      return;
    }
    CpuPinning.taskset("-pc", cpu, Long.toString(server.pid()));
  }

  @TearDown(Level.Trial)
  public void stop() {
    jedis.close();
    if (telemetry != null) {
      telemetry.close();
      sdk.shutdown().join(5, TimeUnit.SECONDS);
    }
    server.close();
  }

  /** One sync GET: a round trip per command, dominated by the network and scheduling. */
  @Benchmark
  public String get() {
    return jedis.get("bench:key");
  }

  /**
   * 100 GETs in one pipeline, per operation: the round trip is shared, so the per-command cost of
   * the client (and of the instrumentation) shows more clearly.
   */
  @Benchmark
  @OperationsPerInvocation(100)
  public Object pipelinedGets() {
    try (AbstractPipeline pipeline = jedis.pipelined()) {
      redis.clients.jedis.Response<String> last = null;
      for (int i = 0; i < 100; i++) {
        last = pipeline.get("bench:key");
      }
      pipeline.sync();
      return last.get();
    }
  }

  /**
   * Runs the variants interleaved: {@code rounds} rounds (first argument, default 3), each running
   * every variant in its own fork, one after the other, so that a noisy neighbour hurts all
   * variants alike; then prints each variant's median over the rounds and its overhead against
   * plain Jedis. Further arguments are JMH options.
   */
  public static void main(String[] args) throws RunnerException {
    int rounds = args.length > 0 && args[0].matches("\\d+") ? Integer.parseInt(args[0]) : 3;
    String[] jmhArgs =
        args.length > 0 && args[0].matches("\\d+")
            ? java.util.Arrays.copyOfRange(args, 1, args.length)
            : args;
    List<String> variants = List.of("plain", "metrics", "sampled", "scoped");
    List<String> benchmarks = List.of("get", "pipelinedGets");
    Map<String, List<Double>> scores = new LinkedHashMap<>();
    for (int round = 1; round <= rounds; round++) {
      for (String benchmark : benchmarks)
        for (String variant : variants) {
          Options options;
          try {
            options =
                new OptionsBuilder()
                    .parent(new CommandLineOptions(jmhArgs))
                    .include(JedisOverheadBenchmark.class.getName() + "." + benchmark + "$")
                    .param("variant", variant)
                    .forks(1)
                    .warmupIterations(3)
                    .warmupTime(TimeValue.seconds(1))
                    .measurementIterations(5)
                    .measurementTime(TimeValue.seconds(1))
                    .build();
          } catch (org.openjdk.jmh.runner.options.CommandLineOptionException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
          }
          for (RunResult result : new Runner(options).run()) {
            scores
                .computeIfAbsent(benchmark + " " + variant, v -> new ArrayList<>())
                .add(result.getPrimaryResult().getScore());
          }
        }
    }
    System.out.println();
    System.out.println(
        "| benchmark | variant | median of "
            + rounds
            + " rounds (µs/op) | min | rounds | median vs plain |");
    System.out.println("|---|---|---|---|---|---|");
    for (String benchmark : benchmarks) {
      double plain = median(scores.get(benchmark + " plain"));
      for (String variant : variants) {
        List<Double> values = scores.get(benchmark + " " + variant);
        double median = median(values);
        System.out.printf(
            Locale.ROOT,
            "| %s | %s | %.2f | %.2f | %s | %+.2f µs (%+.0f%%) |%n",
            benchmark,
            variant,
            median,
            Collections.min(values),
            values.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList(),
            median - plain,
            (median / plain - 1) * 100);
      }
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
