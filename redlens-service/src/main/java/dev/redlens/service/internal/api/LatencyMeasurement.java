package dev.redlens.service.internal.api;

import dev.redlens.core.RedlensSemconv;
import dev.redlens.core.TelemetrySnapshot.CommandStatistics;
import dev.redlens.project.ProjectKeyspace;
import dev.redlens.service.internal.runtime.ServiceParts;
import dev.redlens.service.internal.telemetry.RequestTally;
import io.lettuce.core.RedisCommandExecutionException;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code POST /test/redis/latency/measurement}: {@code iterations} timed runs of one command on a
 * value of {@code key_size} bytes, the percentiles it measured itself next to the instrumentation's
 * histogram of that command.
 */
final class LatencyMeasurement implements Endpoint.Load<LatencyMeasurement.Input> {

  static final int MAX_ITERATIONS = 100_000;
  static final int MAX_KEY_SIZE = 65_536;
  static final long MAX_BYTES = 64L << 20;

  private final ServiceParts parts;

  LatencyMeasurement(ServiceParts parts) {
    this.parts = parts;
  }

  record Input(String command, int iterations, int keySize, UUID projectId) {}

  record MeasuredMs(double min, double mean, double p50, double p95, double p99, double max) {}

  record Instrumentation(
      String command,
      String category,
      Long recorded,
      long totalRecorded,
      Figures.LatencyMs latencyMs,
      String latencyScope,
      String histogram,
      long spansCreated) {}

  record Response(
      String projectId,
      String command,
      int iterations,
      int keySize,
      long errors,
      MeasuredMs measuredMs,
      Instrumentation instrumentation,
      double durationMs) {}

  @Override
  public Set<String> fields() {
    return Set.of("command", "iterations", "key_size", "project_id");
  }

  @Override
  public Input parse(JsonBody body) {
    Input in =
        new Input(
            body.choice("command", null, Operations.LATENCY_COMMANDS),
            body.integer("iterations", 1000, 1, MAX_ITERATIONS),
            body.integer("key_size", 256, 1, MAX_KEY_SIZE),
            body.projectId());
    long bytes = (long) in.iterations() * in.keySize();
    if (bytes > MAX_BYTES) {
      throw new BadRequest(
          "iterations",
          "iterations × key_size must not exceed " + MAX_BYTES + " bytes, got " + bytes);
    }
    return in;
  }

  @Override
  public UUID project(Input input) {
    return input.projectId();
  }

  @Override
  public Object run(Input in, Exchange exchange) {
    ProjectKeyspace keyspace = parts.connector().keyspace(in.projectId());
    String command = in.command();
    int iterations = in.iterations();
    String key = "latency:" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 32);
    char[] chars = new char[in.keySize()];
    Arrays.fill(chars, 'v');
    String value = new String(chars);

    long start = System.nanoTime();
    long[] samples = new long[iterations];
    long[] errors = new long[1];
    parts
        .connector()
        .withProjectCommands(
            keyspace,
            redis -> {
              Operations.prepareLatency(redis, command, key, value, iterations);
              for (int i = 0; i < iterations; i++) {
                if (command.equals("DEL")) {
                  redis.set(key, value);
                }
                long t0 = System.nanoTime();
                try {
                  Operations.runLatency(redis, command, key, value, i);
                } catch (RedisCommandExecutionException e) {
                  errors[0]++;
                }
                samples[i] = System.nanoTime() - t0;
              }
              redis.unlink(key);
              return null;
            });
    long nanos = System.nanoTime() - start;
    RequestTally.Recorded recorded = exchange.recorded();
    CommandStatistics lifetime = parts.redisTelemetry().snapshot().command(command);
    Arrays.sort(samples);
    double sum = 0;
    for (long s : samples) sum += s;

    return new Response(
        in.projectId().toString(),
        command,
        iterations,
        in.keySize(),
        errors[0],
        new MeasuredMs(
            samples[0] / 1e6,
            sum / iterations / 1e6,
            Figures.percentile(samples, 0.50) / 1e6,
            Figures.percentile(samples, 0.95) / 1e6,
            Figures.percentile(samples, 0.99) / 1e6,
            samples[iterations - 1] / 1e6),
        new Instrumentation(
            command,
            Figures.category(lifetime),
            recorded == null ? null : recorded.count(command),
            lifetime == null ? 0 : lifetime.count(),
            Figures.latency(lifetime),
            "every " + command + " since the service started (HdrHistogram, 1% precision)",
            RedlensSemconv.METRIC_OPERATION_DURATION,
            exchange.spansCreated()),
        Figures.millis(nanos));
  }
}
