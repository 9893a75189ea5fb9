package dev.redlens.benchmarks;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.core.TelemetrySnapshot;
import dev.redlens.core.catalog.CommandArguments;
import dev.redlens.core.instrumentation.ClientScope;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost Redlens adds to one command, without a network: start and end of an operation through
 * {@link ClientScope}, with the production-like SDK of {@link BenchmarkSdk}, every span sampled or
 * none.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HotPathBenchmark {

  @Param({"metrics-only", "sampled-span", "root-spans-off", "tracing-off"})
  public String spans;

  private OpenTelemetrySdk sdk;
  private RedisTelemetry telemetry;
  private ClientScope scope;
  private Tracer floorTracer;
  private DoubleHistogram floorHistogram;
  private Attributes floorAttributes;
  private final CommandArguments setArgs = CommandArguments.of("user:1", "value");
  private final CommandArguments getArgs = CommandArguments.of("user:1");
  private final CommandArguments mgetArgs = CommandArguments.of("user:1", "user:2", "user:3");
  private final java.util.List<String> mgetReply = java.util.Arrays.asList("a", null, "c");

  @Setup(Level.Trial)
  public void setUp() {
    sdk = BenchmarkSdk.create(spans.equals("sampled-span") || spans.equals("root-spans-off"));
    // tracing-off: RedisTelemetryBuilder.setTracingEnabled(false), no span at all (metrics-only is
    // unsampled spans)
    // root-spans-off: RedisTelemetryBuilder.setRootSpans(false) with every span sampled; the
    // benchmark's commands have no parent, so no span either, but through the span path
    telemetry =
        RedisTelemetry.builder(sdk)
            .setTracingEnabled(!spans.equals("tracing-off"))
            .setRootSpans(!spans.equals("root-spans-off"))
            .build();
    scope = telemetry.scope("127.0.0.1", 6379, 0);
    floorTracer = sdk.getTracer("floor");
    floorHistogram = sdk.getMeter("floor").histogramBuilder("floor.duration").setUnit("s").build();
    floorAttributes =
        Attributes.builder()
            .put("db.system.name", "redis")
            .put("db.operation.name", "GET")
            .put("db.namespace", "0")
            .put("server.address", "127.0.0.1")
            .put("server.port", 6379L)
            .put("redis.command.category", "read")
            .build();
    // so that snapshot() has something to summarize: 20 commands with latencies and errors
    String[] commands = {
      "GET", "SET", "DEL", "MGET", "HGET", "HSET", "LPUSH", "RPOP", "SADD", "ZADD", "INCR",
      "EXPIRE", "TTL", "EXISTS", "HGETALL", "XADD", "PUBLISH", "EVAL", "PING", "INFO"
    };
    for (int i = 0; i < 20_000; i++) {
      var operation = scope.start(commands[i % commands.length], getArgs);
      if (i % 97 == 0) {
        operation.endWithErrorReply("ERR test");
      } else {
        operation.end("OK");
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    telemetry.close();
    sdk.close();
  }

  @Benchmark
  public void write() {
    scope.start("SET", setArgs).end("OK");
  }

  @Benchmark
  public void readHit() {
    scope.start("GET", getArgs).end("value");
  }

  @Benchmark
  public void readMiss() {
    scope.start("GET", getArgs).end(null);
  }

  @Benchmark
  public void multiKeyRead() {
    scope.start("MGET", mgetArgs).end(mgetReply);
  }

  @Benchmark
  public void errorReply() {
    scope
        .start("GET", getArgs)
        .endWithErrorReply("WRONGTYPE Operation against a key holding the wrong kind of value");
  }

  // ---- floors: what the OpenTelemetry SDK alone costs for what one command records, so that the
  // figures above can be read as the SDK's share plus Redlens's own

  /**
   * The SDK's span alone: started and ended with the command's name, kind and no attribute (with
   * {@code metrics-only}, the unsampled span Redlens does not create at all, see {@code
   * KnownSampler}).
   */
  @Benchmark
  public void sdkSpanFloor() {
    floorTracer.spanBuilder("GET").setSpanKind(SpanKind.CLIENT).startSpan().end();
  }

  /** The SDK's histogram point alone, with a prebuilt attribute set like the command's. */
  @Benchmark
  public void sdkHistogramFloor() {
    floorHistogram.record(0.000_05, floorAttributes);
  }

  /** One clock read (a command takes two: at its start and at its end). */
  @Benchmark
  public long clockRead() {
    return System.nanoTime();
  }

  @Benchmark
  public TelemetrySnapshot snapshot() {
    return telemetry.snapshot();
  }
}
