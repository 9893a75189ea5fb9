package dev.redlens.benchmarks;

import io.opentelemetry.context.ContextStorage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * The markdown of {@code docs/benchmarks.md}: the figures of one {@link RunAll}, the targets of
 * issue 15 checked against them, and the profile analysis kept with the code ({@code analysis.md}).
 */
final class BenchmarkReport {

  private static final String[] CLIENTS = {"Lettuce", "Jedis"};
  private static final String METRICS = " + Redlens (metrics only)";
  private static final String SAMPLED = " + Redlens (every span sampled)";
  private static final String ROOT_SPANS_OFF = " + Redlens (root spans off, sampled)";

  private BenchmarkReport() {}

  static String markdown(
      Collection<RunResult> jmh,
      List<LoadDriver.Figures> load,
      List<LoadDriver.Figures> pinned,
      List<InstructionCounts.Count> instructions,
      MemoryRun.Result memory,
      boolean quick,
      double loadBefore,
      double loadAfter) {
    StringBuilder md = new StringBuilder("# Benchmarks\n\n");
    md.append("Written by `RunAll` (see `redlens-benchmarks/README.md` for the command) at ")
        .append(
            OffsetDateTime.now(ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")))
        .append(" UTC")
        .append(quick ? " — **quick run: not figures to quote**" : "")
        .append(".\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "Machine: %s, %d cores, Java %s (%s), %s. Load average (1 min) %.1f when the run started, %.1f when it ended: %s%n%n",
            cpu(),
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.version"),
            System.getProperty("java.vm.name"),
            ManagementFactory.getRuntimeMXBean().getInputArguments().isEmpty()
                ? "default JVM flags"
                : String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()),
            loadBefore,
            loadAfter,
            Math.max(loadBefore, loadAfter) > 3
                ? "**other processes were competing for the CPUs; elapsed-time figures (ns/op, ops/s, latency) are noise, compare only the allocation and CPU-time figures.**"
                : "a quiet machine; still compare ratios within this run, not absolute figures across runs."));
    md.append(
        "SDK as in production for every instrumented variant: batch span processor with a no-op exporter (spans sampled always or never), periodic metric reader with a no-op exporter, context storage `"
            + ContextStorage.get().getClass().getSimpleName()
            + "`.\n\n");

    md.append("## Hot path (JMH, one command through `ClientScope`, no network)\n\n")
        .append(
            "| benchmark | spans | time | ± error | allocated per command |\n|---|---|---|---|---|\n");
    for (RunResult result : jmh) {
      Result<?> primary = result.getPrimaryResult();
      Result<?> bytes = result.getSecondaryResults().get("gc.alloc.rate.norm");
      String spans = result.getParams().getParam("spans");
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %.1f %s | %.1f | %s |%n",
              result.getParams().getBenchmark().replace("dev.redlens.benchmarks.", ""),
              spans == null ? "—" : spans,
              primary.getScore(),
              primary.getScoreUnit(),
              primary.getScoreError(),
              bytes == null ? "—" : String.format(Locale.ROOT, "%.0f B", bytes.getScore())));
    }

    md.append("\n## End to end, unpinned (medians over interleaved rounds)\n\n");
    md.append(
        "Allocation: bytes every thread of the JVM allocated per pipelined command (least of the rounds), and what the variant adds to its plain client.\n\n");
    md.append(
        "| variant | sync GET p50 | sync GET p99 | pipelined ops/s (batches of 100) | GETs/s, 8 threads | pipelined CPU µs/op | allocated per command | added | p50 ratio | pipelined ratio | 8-thread ratio |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (LoadDriver.Figures f : load) {
      LoadDriver.Figures base = baseline(load, f);
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %.1f µs | %.1f µs | %,.0f | %,.0f | %.2f | %.0f B | %s | %s | %s | %s |%n",
              f.variant(),
              f.syncP50Micros(),
              f.syncP99Micros(),
              f.pipelinedOpsPerSecond(),
              f.concurrentOpsPerSecond(),
              f.pipelinedCpuMicrosPerOp(),
              f.bytesPerCommand(),
              base == null
                  ? "—"
                  : String.format(
                      Locale.ROOT, "%+.0f B", f.bytesPerCommand() - base.bytesPerCommand()),
              base == null ? "—" : ratio(f.syncP50Micros(), base.syncP50Micros()),
              base == null ? "—" : ratio(f.pipelinedOpsPerSecond(), base.pipelinedOpsPerSecond()),
              base == null
                  ? "—"
                  : ratio(f.concurrentOpsPerSecond(), base.concurrentOpsPerSecond())));
    }

    md.append(
        "\n## End to end, `redis-server` pinned to CPU 0 and the client JVM to CPU 1 (`taskset`)\n\n");
    md.append(
        "| variant | sync GET p50 | pipelined ops/s | pipelined CPU µs/op | p50 ratio | pipelined ratio | CPU ratio |\n|---|---|---|---|---|---|---|\n");
    for (LoadDriver.Figures f : pinned) {
      LoadDriver.Figures base = baseline(pinned, f);
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %.1f µs | %,.0f | %.2f | %s | %s | %s |%n",
              f.variant(),
              f.syncP50Micros(),
              f.pipelinedOpsPerSecond(),
              f.pipelinedCpuMicrosPerOp(),
              base == null ? "—" : ratio(f.syncP50Micros(), base.syncP50Micros()),
              base == null ? "—" : ratio(f.pipelinedOpsPerSecond(), base.pipelinedOpsPerSecond()),
              base == null
                  ? "—"
                  : ratio(f.pipelinedCpuMicrosPerOp(), base.pipelinedCpuMicrosPerOp())));
    }

    InstructionTable.append(md, instructions);

    md.append("\n## Targets of issue 15, checked against this run\n\n");
    md.append("| target | client | unpinned | pinned | |\n|---|---|---|---|---|\n");
    for (String client : CLIENTS) {
      target(
          md,
          "pipelined ≥ 0.95× plain, metrics only",
          client,
          METRICS,
          load,
          pinned,
          0.95,
          true,
          Kind.PIPELINED);
      target(
          md,
          "pipelined ≥ 0.80× plain, every span sampled",
          client,
          SAMPLED,
          load,
          pinned,
          0.80,
          true,
          Kind.PIPELINED);
      target(
          md,
          "sync p50 ≤ 1.03× plain, metrics only",
          client,
          METRICS,
          load,
          pinned,
          1.03,
          false,
          Kind.P50);
      target(
          md,
          "sync p50 ≤ 1.05× plain, every span sampled",
          client,
          SAMPLED,
          load,
          pinned,
          1.05,
          false,
          Kind.P50);
      LoadDriver.Figures plain = find(load, client);
      LoadDriver.Figures sampled = find(load, client + SAMPLED);
      for (String suffix : new String[] {METRICS, ROOT_SPANS_OFF}) {
        LoadDriver.Figures variant = find(load, client + suffix);
        if (variant == null || plain == null || sampled == null) {
          continue;
        }
        double added = variant.bytesPerCommand() - plain.bytesPerCommand();
        md.append(
            String.format(
                Locale.ROOT,
                "| allocation ≤ 64 B per command, %s (every span sampled: %+.0f B) | %s | %+.0f B | — | %s |%n",
                suffix.equals(METRICS) ? "metrics only (defaults)" : "root spans off",
                sampled.bytesPerCommand() - plain.bytesPerCommand(),
                client,
                added,
                added <= 64 ? "met" : "**missed**"));
      }
    }

    floors(md, jmh, pinned);

    md.append("\n## Memory\n\n");
    List<String> mib = new ArrayList<>();
    for (long bytes : memory.heapAfterGc()) {
      mib.add(String.format(Locale.ROOT, "%.1f", bytes / 1048576.0));
    }
    md.append(
        String.format(
            Locale.ROOT,
            "%,d commands (GET hit, GET miss, SET) across %,d keys and %,d project ids through `RedisTelemetry`, metrics on, in %.1f s. ",
            MemoryRun.COMMANDS,
            MemoryRun.KEYS,
            MemoryRun.PROJECTS,
            memory.seconds()));
    md.append("Heap used after a full GC, in MiB, at the start and after every million commands: ")
        .append(String.join(", ", mib))
        .append(".\n");
    md.append(
        String.format(
            Locale.ROOT,
            "Growth from the first million to the last: %.2f MiB.%n",
            memory.growthAfterWarmup() / 1048576.0));
    // where the time and the bytes go, from profiles: kept with the code, updated when they move
    md.append(InfoParseBenchmark.read("analysis.md"));
    return md.toString();
  }

  /**
   * What a throughput target leaves to spend per command, against what the OpenTelemetry SDK and
   * the clock alone cost for what every command records: when the client is CPU-bound (pinned: the
   * client has one core of its own), a ratio r allows plain × (1/r − 1) of added CPU per command.
   */
  private static void floors(
      StringBuilder md, Collection<RunResult> jmh, List<LoadDriver.Figures> pinned) {
    double clock = score(jmh, "clockRead", "metrics-only");
    double histogram = score(jmh, "sdkHistogramFloor", "metrics-only");
    double span = score(jmh, "sdkSpanFloor", "sampled-span");
    if (Double.isNaN(clock) || Double.isNaN(histogram) || Double.isNaN(span)) {
      return;
    }
    double metricsFloor = 2 * clock + histogram;
    double sampledFloor = metricsFloor + span;
    md.append("\n### What the targets leave per command, against the SDK's own floor\n\n")
        .append(
            String.format(
                Locale.ROOT,
                "Floors measured in this run (JMH, no network): a clock read %.1f ns (a command takes two), one SDK"
                    + " histogram point %.1f ns, one sampled SDK span with no attribute %.1f ns. So every command's"
                    + " latency point costs at least %.0f ns, and a sampled one %.0f ns, before Redlens does"
                    + " anything of its own. Budget: the added CPU per pipelined command a ratio allows when the"
                    + " client is CPU-bound (pinned run: plain CPU µs/op × (1/ratio − 1)).%n%n",
                clock,
                histogram,
                span,
                metricsFloor,
                sampledFloor))
        .append(
            "| client | target | plain CPU per command (pinned) | budget | SDK + clock floor | |\n|---|---|---|---|---|---|\n");
    for (String client : CLIENTS) {
      LoadDriver.Figures plain = find(pinned, client);
      if (plain == null) {
        continue;
      }
      double plainNanos = plain.pipelinedCpuMicrosPerOp() * 1000;
      floorRow(md, client, "metrics only ≥ 0.95×", plainNanos, 0.95, metricsFloor);
      floorRow(md, client, "every span sampled ≥ 0.80×", plainNanos, 0.80, sampledFloor);
    }
  }

  private static void floorRow(
      StringBuilder md,
      String client,
      String target,
      double plainNanos,
      double ratio,
      double floor) {
    double budget = plainNanos * (1 / ratio - 1);
    md.append(
        String.format(
            Locale.ROOT,
            "| %s | %s | %.0f ns | %.0f ns | %.0f ns | %s |%n",
            client,
            target,
            plainNanos,
            budget,
            floor,
            floor > budget ? "below the floor: unreachable with these SDK costs" : "reachable"));
  }

  private static double score(Collection<RunResult> jmh, String benchmark, String spans) {
    for (RunResult result : jmh) {
      String name = result.getParams().getBenchmark();
      if (name.endsWith("." + benchmark) && spans.equals(result.getParams().getParam("spans"))) {
        return result.getPrimaryResult().getScore();
      }
    }
    return Double.NaN;
  }

  private enum Kind {
    PIPELINED,
    P50
  }

  private static void target(
      StringBuilder md,
      String target,
      String client,
      String suffix,
      List<LoadDriver.Figures> load,
      List<LoadDriver.Figures> pinned,
      double bound,
      boolean atLeast,
      Kind kind) {
    double unpinned = ratioOf(load, client, suffix, kind);
    double onCores = ratioOf(pinned, client, suffix, kind);
    boolean metUnpinned = atLeast ? unpinned >= bound : unpinned <= bound;
    boolean metPinned = atLeast ? onCores >= bound : onCores <= bound;
    md.append(
        String.format(
            Locale.ROOT,
            "| %s | %s | %.3f× | %.3f× | %s |%n",
            target,
            client,
            unpinned,
            onCores,
            metUnpinned && metPinned
                ? "met"
                : metPinned
                    ? "met pinned only"
                    : metUnpinned ? "met unpinned only" : "**missed**"));
  }

  private static double ratioOf(
      List<LoadDriver.Figures> figures, String client, String suffix, Kind kind) {
    LoadDriver.Figures variant = find(figures, client + suffix);
    LoadDriver.Figures plain = find(figures, client);
    if (variant == null || plain == null) {
      return Double.NaN;
    }
    return kind == Kind.PIPELINED
        ? variant.pipelinedOpsPerSecond() / plain.pipelinedOpsPerSecond()
        : variant.syncP50Micros() / plain.syncP50Micros();
  }

  private static LoadDriver.Figures find(List<LoadDriver.Figures> figures, String variant) {
    return figures.stream().filter(f -> f.variant().equals(variant)).findFirst().orElse(null);
  }

  private static LoadDriver.Figures baseline(
      List<LoadDriver.Figures> figures, LoadDriver.Figures f) {
    return f.baseline() == null ? null : find(figures, f.baseline());
  }

  static String ratio(double value, double base) {
    return Double.isNaN(value) ? "—" : String.format(Locale.ROOT, "%.3f×", value / base);
  }

  private static String cpu() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .orElse(System.getProperty("os.arch"));
    } catch (IOException e) {
      return System.getProperty("os.arch");
    }
  }
}
