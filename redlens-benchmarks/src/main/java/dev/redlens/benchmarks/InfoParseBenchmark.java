package dev.redlens.benchmarks;

import dev.redlens.info.InfoSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The CPU cost of one poll on the collector's side: parsing a full {@code INFO everything} reply
 * and reading every value the instruments export. {@link RunAll} runs it; {@link #main} runs it
 * alone.
 *
 * <ul>
 *   <li>{@code capture}: the real Redis 7.4.1 capture (7 KB, 25 command lines);
 *   <li>{@code busy}: the same with 240 commands' {@code cmdstat_}/{@code
 *       latency_percentiles_usec_} lines, 40 error prefixes and 16 databases, as a busy production
 *       server reports (51 KB).
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class InfoParseBenchmark {
  private String capture;
  private String busy;

  @Setup
  public void load() {
    capture = read("info-7.4.1-everything.txt");
    busy = busyServer(capture);
  }

  @Benchmark
  public InfoSnapshot parseCapture() {
    return InfoSnapshot.parse(capture);
  }

  @Benchmark
  public void parseAndReadCapture(Blackhole hole) {
    readEverything(InfoSnapshot.parse(capture), hole);
  }

  @Benchmark
  public InfoSnapshot parseBusy() {
    return InfoSnapshot.parse(busy);
  }

  @Benchmark
  public void parseAndReadBusy(Blackhole hole) {
    readEverything(InfoSnapshot.parse(busy), hole);
  }

  /** What the instruments' callback reads from a snapshot. */
  private static void readEverything(InfoSnapshot info, Blackhole hole) {
    hole.consume(info.memory().usedMemory());
    hole.consume(info.memory().usedMemoryRss());
    hole.consume(info.memory().fragmentationRatio());
    hole.consume(info.memory().allocatorLong("allocated"));
    hole.consume(info.stats().keyspaceHits());
    hole.consume(info.stats().keyspaceMisses());
    hole.consume(info.clients().connectedClients());
    hole.consume(info.cpu().secondsByState());
    info.commandStats()
        .values()
        .forEach(
            c -> {
              hole.consume(c.calls());
              hole.consume(c.usec());
              hole.consume(c.failedCalls());
              hole.consume(c.rejectedCalls());
            });
    info.latencyStats().values().forEach(l -> hole.consume(l.percentiles()));
    info.errorStats().values().forEach(hole::consume);
    info.keyspace()
        .values()
        .forEach(
            k -> {
              hole.consume(k.keys());
              hole.consume(k.expires());
              hole.consume(k.avgTtlMillis());
            });
  }

  static String busyServer(String capture) {
    StringBuilder text = new StringBuilder(capture).append("\r\n# Commandstats\r\n");
    for (int i = 0; i < 240; i++) {
      text.append("cmdstat_command")
          .append(i)
          .append(i % 3 == 0 ? "|sub" : "")
          .append(
              ":calls=123456789,usec=987654321,usec_per_call=8.00,rejected_calls=12,failed_calls=3\r\n");
    }
    text.append("\r\n# Errorstats\r\n");
    for (int i = 0; i < 40; i++) {
      text.append("errorstat_ERR").append(i).append(":count=").append(1000 + i).append("\r\n");
    }
    text.append("\r\n# Latencystats\r\n");
    for (int i = 0; i < 240; i++) {
      text.append("latency_percentiles_usec_command")
          .append(i)
          .append(":p50=1.003,p99=10.015,p99.9=31.103\r\n");
    }
    text.append("\r\n# Keyspace\r\n");
    for (int db = 0; db < 16; db++) {
      text.append("db")
          .append(db)
          .append(":keys=1234567,expires=12345,avg_ttl=86400000,subexpiry=0\r\n");
    }
    return text.toString();
  }

  static String read(String resource) {
    try (InputStream in = InfoParseBenchmark.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs the benchmark (2 forks, 3 + 5 one-second iterations); arguments are passed to JMH as a
   * regex.
   */
  public static void main(String[] args) throws RunnerException {
    OptionsBuilder options = new OptionsBuilder();
    options.include(
        InfoParseBenchmark.class.getSimpleName() + (args.length > 0 ? "." + args[0] : ""));
    new Runner(options.build()).run();
  }
}
