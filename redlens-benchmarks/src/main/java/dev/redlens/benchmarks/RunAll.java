package dev.redlens.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark and writes the report: {@code java -jar redlens-benchmarks.jar [--quick]
 * [report.md]} (default {@code docs/benchmarks.md}). {@code --quick} shortens every run (for a
 * smoke test, not for figures).
 */
public final class RunAll {

  public static void main(String[] args) throws RunnerException, IOException {
    boolean quick = false;
    Path report = Path.of("docs/benchmarks.md");
    for (String arg : args) {
      if (arg.equals("--quick")) {
        quick = true;
      } else if (arg.endsWith(".md") && !arg.startsWith("-")) {
        report = Path.of(arg);
      } else {
        System.err.println(
            "usage: java -jar redlens-benchmarks.jar [--quick] [report.md]   (default docs/benchmarks.md)");
        System.exit(arg.equals("-h") || arg.equals("--help") ? 0 : 2);
      }
    }

    System.out.println("== JMH: hot path and INFO parse");
    Options options =
        new OptionsBuilder()
            .include(HotPathBenchmark.class.getSimpleName())
            .include(InfoParseBenchmark.class.getSimpleName())
            .forks(1)
            .warmupIterations(quick ? 1 : 3)
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(quick ? 2 : 5)
            .measurementTime(TimeValue.seconds(1))
            .build();
    Collection<RunResult> jmh = new Runner(options).run();

    System.out.println("== Load driver (interleaved rounds)");
    List<LoadDriver.Figures> load = new LoadDriver(quick ? 0.3 : 1.5, quick ? 1 : 4, 8).run();

    System.out.println("== Memory run");
    MemoryRun.Result memory = MemoryRun.run();

    Files.createDirectories(report.toAbsolutePath().getParent());
    Files.writeString(report, Report.markdown(jmh, load, memory, quick));
    System.out.println("wrote " + report.toAbsolutePath());
  }

  /** The markdown of {@code docs/benchmarks.md}. */
  static final class Report {
    private Report() {}

    static String markdown(
        Collection<RunResult> jmh,
        List<LoadDriver.Figures> load,
        MemoryRun.Result memory,
        boolean quick) {
      StringBuilder md = new StringBuilder();
      md.append("# Benchmarks\n\n");
      md.append("Written by `RunAll` (see the README for the command) on ")
          .append(LocalDate.now())
          .append(quick ? " — **quick run: not figures to quote**" : "")
          .append(".\n\n");
      md.append("Machine: ")
          .append(cpu())
          .append(", ")
          .append(Runtime.getRuntime().availableProcessors())
          .append(" cores, ")
          .append("Java ")
          .append(System.getProperty("java.version"))
          .append(" (")
          .append(System.getProperty("java.vm.name"))
          .append("), ")
          .append(
              ManagementFactory.getRuntimeMXBean().getInputArguments().isEmpty()
                  ? "default JVM flags"
                  : String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()))
          .append(". Noisy: compare the ratios of one run, not absolute figures across runs.\n\n");
      md.append(
          "SDK as in production for every instrumented variant: batch span processor with a no-op exporter (spans sampled always or never), periodic metric reader with a no-op exporter.\n\n");

      md.append(
          "## Hot path (JMH, average time per operation)\n\n| benchmark | spans | time | ± error |\n|---|---|---|---|\n");
      for (RunResult result : jmh) {
        var primary = result.getPrimaryResult();
        String spans = result.getParams().getParam("spans");
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %.1f %s | %.1f |%n",
                result.getParams().getBenchmark().replace("dev.redlens.benchmarks.", ""),
                spans == null ? "—" : spans,
                primary.getScore(),
                primary.getScoreUnit(),
                primary.getScoreError()));
      }

      md.append("\n## End to end (medians over interleaved rounds)\n\n");
      md.append(
          "| variant | sync GET p50 | sync GET p99 | pipelined ops/s (batches of 100) | GETs/s, 8 threads | pipelined CPU µs/op | p50 ratio | pipelined ratio | 8-thread ratio |\n|---|---|---|---|---|---|---|---|---|\n");
      for (LoadDriver.Figures f : load) {
        LoadDriver.Figures base =
            load.stream().filter(b -> b.variant().equals(f.baseline())).findFirst().orElse(null);
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %.1f µs | %.1f µs | %,.0f | %,.0f | %.2f | %s | %s | %s |%n",
                f.variant(),
                f.syncP50Micros(),
                f.syncP99Micros(),
                f.pipelinedOpsPerSecond(),
                f.concurrentOpsPerSecond(),
                f.pipelinedCpuMicrosPerOp(),
                base == null ? "—" : ratio(f.syncP50Micros(), base.syncP50Micros()),
                base == null ? "—" : ratio(f.pipelinedOpsPerSecond(), base.pipelinedOpsPerSecond()),
                base == null
                    ? "—"
                    : ratio(f.concurrentOpsPerSecond(), base.concurrentOpsPerSecond())));
      }

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
      md.append(
              "Heap used after a full GC, in MiB, at the start and after every million commands: ")
          .append(String.join(", ", mib))
          .append(".\n");
      md.append(
          String.format(
              Locale.ROOT,
              "Growth from the first million to the last: %.2f MiB.%n",
              memory.growthAfterWarmup() / 1048576.0));
      // the targets and the profile's explanation, kept with the code (update it when the figures
      // move)
      md.append(InfoParseBenchmark.read("analysis.md"));
      return md.toString();
    }

    private static String ratio(double value, double base) {
      return String.format(Locale.ROOT, "%.3f×", value / base);
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
}
