package dev.redlens.benchmarks;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark and writes the report: {@code java -jar redlens-benchmarks.jar [--quick]
 * [--no-instructions] [report.md]} (default {@code docs/benchmarks.md}). {@code --quick} shortens
 * every run (for a smoke test, not for figures); {@code --no-instructions} leaves out the
 * instruction counts (valgrind, about 15 minutes; left out anyway where valgrind is not installed).
 */
public final class RunAll {

  public static void main(String[] args) throws RunnerException, IOException, InterruptedException {
    boolean quick = false;
    boolean countInstructions = true;
    Path report = Path.of("docs/benchmarks.md");
    for (String arg : args) {
      if (arg.equals("--quick")) {
        quick = true;
      } else if (arg.equals("--no-instructions")) {
        countInstructions = false;
      } else if (arg.endsWith(".md") && !arg.startsWith("-")) {
        report = Path.of(arg);
      } else {
        System.err.println(
            "usage: java -jar redlens-benchmarks.jar [--quick] [--no-instructions] [report.md]"
                + "   (default docs/benchmarks.md)");
        System.exit(arg.equals("-h") || arg.equals("--help") ? 0 : 2);
      }
    }

    double loadBefore = loadAverage();
    System.out.println("== JMH: hot path and INFO parse");
    Options options =
        new OptionsBuilder()
            .addProfiler(GCProfiler.class) // gc.alloc.rate.norm: bytes per command
            .include(HotPathBenchmark.class.getSimpleName())
            .include(InfoParseBenchmark.class.getSimpleName())
            .forks(1)
            .warmupIterations(quick ? 1 : 3)
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(quick ? 2 : 5)
            .measurementTime(TimeValue.seconds(1))
            .build();
    Collection<RunResult> jmh = new Runner(options).run();

    System.out.println("== Load driver (interleaved rounds), unpinned");
    List<LoadDriver.Figures> load =
        new LoadDriver(quick ? 0.3 : 1.5, quick ? 1 : 4, 8, false).run();
    System.out.println("== Load driver (interleaved rounds), redis-server and client pinned");
    List<LoadDriver.Figures> pinned =
        new LoadDriver(quick ? 0.3 : 1.5, quick ? 1 : 4, 8, true).run();

    List<InstructionCounts.Count> instructions = List.of();
    if (countInstructions && InstructionCounts.available()) {
      System.out.println("== Instructions per command (callgrind)");
      List<OpenTelemetrySdk> sdks = new ArrayList<>();
      try {
        instructions =
            new InstructionCounts(quick ? 200 : 1500, quick ? 20 : 300)
                .run(LoadDriver.variants(sdks));
      } finally {
        sdks.forEach(OpenTelemetrySdk::close);
      }
    }

    System.out.println("== Memory run");
    MemoryRun.Result memory = MemoryRun.run();

    Files.createDirectories(report.toAbsolutePath().getParent());
    Files.writeString(
        report,
        BenchmarkReport.markdown(
            jmh, load, pinned, instructions, memory, quick, loadBefore, loadAverage()));
    System.out.println("wrote " + report.toAbsolutePath());
  }

  /** The 1-minute load average of the machine (other processes competing for its CPUs). */
  static double loadAverage() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
