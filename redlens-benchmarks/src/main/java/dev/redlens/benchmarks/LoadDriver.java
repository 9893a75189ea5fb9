package dev.redlens.benchmarks;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.testing.RedisServer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * End-to-end overhead: the same load through plain and instrumented clients against one local
 * {@code redis-server} that the driver starts, run interleaved (every variant once per round,
 * several rounds) so that drift of the machine falls on all variants alike. Three workloads: sync
 * GET latency on one connection (p50, p99), pipelined SET/GET throughput in batches of 100, and
 * GETs from many threads.
 */
public final class LoadDriver {

  /**
   * A variant: its name, the plain variant it is compared with (null for a plain one) and how to
   * build it.
   */
  record Variant(String name, String baseline, Function<String, BenchClient> open) {}

  /** The figures of one variant: medians over the measured rounds. */
  record Figures(
      String variant,
      String baseline,
      double syncP50Micros,
      double syncP99Micros,
      double pipelinedOpsPerSecond,
      double concurrentOpsPerSecond,
      double pipelinedCpuMicrosPerOp,
      double bytesPerCommand) {}

  // the workload, shared with InstructionCount so that counted and timed commands are the same
  static final String VALUE = "v".repeat(32);
  static final int KEYS = 10_000;
  static final int BATCH = 100;

  private final double secondsPerRun;
  private final int rounds;
  private final int threads;
  private final boolean pinned;

  /**
   * @param pinned whether {@code redis-server} runs on CPU 0 only and this JVM on the others
   *     ({@code taskset}), so that the client's share of the machine is apart from the server's;
   *     the many-threads workload is then left out
   */
  LoadDriver(double secondsPerRun, int rounds, int threads, boolean pinned) {
    this.secondsPerRun = secondsPerRun;
    this.rounds = rounds;
    this.threads = threads;
    this.pinned = pinned;
  }

  /**
   * The load driver alone, for one comparison: {@code java -Dredlens.bench.lettuceOnly=true -cp
   * redlens-benchmarks.jar dev.redlens.benchmarks.LoadDriver} runs the Lettuce variants (the hook
   * comparison in {@code docs/architecture.md}) and prints their medians; {@code
   * -Dredlens.bench.pinned=true} pins the server and the client to their own cores; {@code
   * -Dredlens.bench.only=<regex>} keeps the variants whose names match (and their plain clients),
   * {@code -Dredlens.bench.seconds}, {@code -Dredlens.bench.rounds} set the length (1.5 s, 4).
   */
  public static void main(String[] args) {
    double seconds = Double.parseDouble(System.getProperty("redlens.bench.seconds", "1.5"));
    int rounds = Integer.getInteger("redlens.bench.rounds", 4);
    for (Figures figures :
        new LoadDriver(seconds, rounds, 8, Boolean.getBoolean("redlens.bench.pinned")).run()) {
      System.out.println(figures);
    }
  }

  /**
   * Plain Lettuce, Redlens (metrics only, every span sampled, root spans off with every span
   * sampled: the commands have no parent, so no span at all), OpenTelemetry's lettuce-5.1; then the
   * same for Jedis (which has no OpenTelemetry library instrumentation). {@code
   * -Dredlens.bench.floors=true} adds the floors of Lettuce's hooks (an empty {@code
   * CommandListener}, an empty {@code Tracing}).
   */
  static List<Variant> variants(List<OpenTelemetrySdk> sdks) {
    OpenTelemetrySdk metricsOnly = BenchmarkSdk.create(false);
    OpenTelemetrySdk sampled = BenchmarkSdk.create(true);
    OpenTelemetrySdk sampledForOtel = BenchmarkSdk.create(true);
    sdks.addAll(List.of(metricsOnly, sampled, sampledForOtel));
    List<Variant> variants = new ArrayList<>();
    variants.add(new Variant("Lettuce", null, LettuceClients::plain));
    if (Boolean.getBoolean("redlens.bench.floors")) {
      variants.add(
          new Variant(
              "Lettuce + an empty CommandListener (floor)",
              "Lettuce",
              LettuceClients::emptyListener));
      variants.add(
          new Variant(
              "Lettuce + an empty Tracing (floor of the Tracing SPI)",
              "Lettuce",
              uri -> LettuceClients.emptyTracing(uri, metricsOnly)));
    }
    variants.add(
        new Variant(
            "Lettuce + Redlens (metrics only)",
            "Lettuce",
            uri -> LettuceClients.redlens(uri, metricsOnly)));
    variants.add(
        new Variant(
            "Lettuce + Redlens (every span sampled)",
            "Lettuce",
            uri -> LettuceClients.redlens(uri, sampled)));
    variants.add(
        new Variant(
            "Lettuce + Redlens (root spans off, sampled)",
            "Lettuce",
            uri -> LettuceClients.redlens(uri, withoutRootSpans(sampled))));
    variants.add(
        new Variant(
            "Lettuce + OTel lettuce-5.1 (every span sampled)",
            "Lettuce",
            uri -> LettuceClients.openTelemetryLettuce51(uri, sampledForOtel)));
    if (!Boolean.getBoolean("redlens.bench.lettuceOnly")) {
      variants.addAll(JedisVariants.all(metricsOnly, sampled));
    }
    String only = System.getProperty("redlens.bench.only");
    if (only != null) {
      // -Dredlens.bench.only=<regex>: the variants whose names match it, and their plain clients
      java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(only);
      List<Variant> kept = variants.stream().filter(v -> pattern.matcher(v.name()).find()).toList();
      variants.removeIf(
          v -> !kept.contains(v) && kept.stream().noneMatch(k -> v.name().equals(k.baseline())));
    }
    return variants;
  }

  static RedisTelemetry withoutRootSpans(OpenTelemetrySdk sdk) {
    return RedisTelemetry.builder(sdk).setRootSpans(false).build();
  }

  List<Figures> run() {
    List<OpenTelemetrySdk> sdks = new ArrayList<>();
    try (RedisServer redis = RedisServer.builder().config("maxclients", "1000").start();
        CpuPinning pinning = pinned ? CpuPinning.pin(redis.pid()) : null) {
      List<Variant> variants = variants(sdks);
      Map<String, BenchClient> clients = new LinkedHashMap<>();
      for (Variant variant : variants) {
        clients.put(variant.name(), variant.open().apply(redis.uri()));
      }
      String[] keys = new String[KEYS];
      for (int i = 0; i < KEYS; i++) {
        keys[i] = "key:" + i;
        clients.values().iterator().next().set(keys[i], VALUE);
      }
      Map<String, List<double[]>> samples = new LinkedHashMap<>();
      for (int round = 0; round <= rounds; round++) { // round 0 warms up and is not counted
        for (Variant variant : variants) {
          BenchClient client = clients.get(variant.name());
          double[] latency = syncLatency(client, keys);
          double cpuBefore = processCpuNanos();
          long bytesBefore = allocatedBytes();
          long[] operations = new long[1];
          double pipelined = pipelined(client, keys, operations);
          double bytesPerOp = (allocatedBytes() - bytesBefore) / (double) operations[0];
          double cpuPerOp = (processCpuNanos() - cpuBefore) / 1e3 / operations[0];
          double concurrent = pinned ? Double.NaN : concurrent(client, keys);
          if (round > 0) {
            samples
                .computeIfAbsent(variant.name(), n -> new ArrayList<>())
                .add(
                    new double[] {
                      latency[0], latency[1], pipelined, concurrent, cpuPerOp, bytesPerOp
                    });
          }
          System.out.printf(
              Locale.ROOT,
              "round %d %-50s p50 %6.1f µs  p99 %6.1f µs  pipelined %,9.0f/s  %d threads %,9.0f/s"
                  + "  CPU %5.2f µs/op  %5.0f B/op%n",
              round,
              variant.name(),
              latency[0],
              latency[1],
              pipelined,
              threads,
              concurrent,
              cpuPerOp,
              bytesPerOp);
        }
      }
      clients.values().forEach(BenchClient::close);
      List<Figures> figures = new ArrayList<>();
      for (Variant variant : variants) {
        List<double[]> s = samples.get(variant.name());
        figures.add(
            new Figures(
                variant.name(),
                variant.baseline(),
                median(s, 0),
                median(s, 1),
                median(s, 2),
                median(s, 3),
                median(s, 4),
                min(s, 5)));
      }
      return figures;
    } finally {
      sdks.forEach(OpenTelemetrySdk::close);
    }
  }

  /**
   * CPU time of this process (every thread: the caller, Lettuce's event loops, the SDK's
   * processors), which contention from other processes on the machine inflates far less than
   * elapsed time.
   */
  private static double processCpuNanos() {
    var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun
        ? sun.getProcessCpuTime()
        : Double.NaN;
  }

  private double[] syncLatency(BenchClient client, String[] keys) {
    Histogram histogram = new Histogram(60_000_000_000L, 2);
    long end = System.nanoTime() + (long) (secondsPerRun * 1e9);
    int i = 0;
    while (System.nanoTime() < end) {
      long start = System.nanoTime();
      client.get(keys[i++ % KEYS]);
      histogram.recordValue(System.nanoTime() - start);
    }
    return new double[] {
      histogram.getValueAtPercentile(50) / 1e3, histogram.getValueAtPercentile(99) / 1e3
    };
  }

  /**
   * Bytes allocated so far by every live thread of this JVM (the caller, event loops, the SDK's
   * processors): a figure that the machine's load does not change, unlike elapsed time.
   */
  private static long allocatedBytes() {
    var threads = java.lang.management.ManagementFactory.getThreadMXBean();
    if (!(threads instanceof com.sun.management.ThreadMXBean sun)) {
      return 0;
    }
    long sum = 0;
    for (long bytes : sun.getThreadAllocatedBytes(sun.getAllThreadIds())) {
      sum += Math.max(bytes, 0);
    }
    return sum;
  }

  private double pipelined(BenchClient client, String[] keys, long[] operationsOut) {
    String[] batch = new String[BATCH];
    long operations = 0;
    long start = System.nanoTime();
    long end = start + (long) (secondsPerRun * 1e9);
    int i = 0;
    while (System.nanoTime() < end) {
      for (int b = 0; b < BATCH; b++) {
        batch[b] = keys[i++ % KEYS];
      }
      client.pipelined(batch, VALUE);
      operations += BATCH;
    }
    operationsOut[0] = operations;
    return operations / ((System.nanoTime() - start) / 1e9);
  }

  private double concurrent(BenchClient client, String[] keys) {
    if (!client.threadSafe()) {
      return Double.NaN;
    }
    LongAdder operations = new LongAdder();
    CountDownLatch done = new CountDownLatch(threads);
    long start = System.nanoTime();
    long end = start + (long) (secondsPerRun * 1e9);
    for (int t = 0; t < threads; t++) {
      int offset = t * 997;
      Thread thread =
          new Thread(
              () -> {
                try {
                  int i = offset;
                  while (System.nanoTime() < end) {
                    client.get(keys[i++ % KEYS]);
                    operations.increment();
                  }
                } finally {
                  done.countDown();
                }
              },
              "redlens-load-" + t);
      thread.setDaemon(true);
      thread.start();
    }
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return operations.sum() / ((System.nanoTime() - start) / 1e9);
  }

  /**
   * The least of the rounds: allocation only ever gains from the background (a thread of another
   * variant's SDK allocating meanwhile), so the least round is the command's own.
   */
  private static double min(List<double[]> samples, int index) {
    return samples.stream().mapToDouble(s -> s[index]).min().orElse(Double.NaN);
  }

  private static double median(List<double[]> samples, int index) {
    double[] values = samples.stream().mapToDouble(s -> s[index]).sorted().toArray();
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }
}
