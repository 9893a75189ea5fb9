package dev.redlens.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Instructions per pipelined command, plain and instrumented, counted by valgrind's callgrind
 * ({@link InstructionCount} runs each variant in its own JVM inside it). The count does not depend
 * on the machine's load, so two runs differ by well under 1% where the throughput ratios move by
 * 15%: the figure to compare cuts by. Threads of the JIT compiler are left out (compiling is the
 * warm-up's, not the command's; a count during which the JIT compiled again is retried), and so are
 * the garbage collector's and the VM thread's (a collection falls in the counted batches or not by
 * chance, adding millions of instructions to one variant; what a variant costs the collector is its
 * bytes allocated per command, from JMH): the caller, the event loop and the SDK's threads count.
 *
 * <p>The JVM runs with {@code -Xbatch} (a method is compiled before it runs again, so the warm-up
 * ends with the command's path compiled), and valgrind with {@code --smc-check=all} (the JIT writes
 * code) and {@code --vex-iropt-register-updates=allregs-at-mem-access} (the JVM turns a fault at a
 * null pointer into a {@code NullPointerException} and needs the registers of the faulting
 * instruction).
 */
final class InstructionCounts {

  /** One variant's count: instructions per command, and the variant it is compared with. */
  record Count(String variant, String baseline, double perCommand) {}

  private static final String COMPILER_THREAD = "CompileBroker::compiler_thread_loop";

  /**
   * The loops of the garbage collector's threads (JDK 17's gang workers, later JDKs' worker
   * threads, the concurrent ones) and of the VM thread, which runs a collection's pauses.
   */
  private static final List<String> COLLECTOR_THREADS =
      List.of("GangWorker::loop", "WorkerThread::run", "ConcurrentGCThread::run", "VMThread::loop");

  /**
   * Instructions of the JIT compiler within the counted batches above which the warm-up did not end
   * with the path compiled (a method deoptimized and compiled again): the count is retried.
   */
  private static final long COMPILING = 50_000_000L;

  private static final int ATTEMPTS = 3;

  private final int warmUpBatches;
  private final int countedBatches;

  InstructionCounts(int warmUpBatches, int countedBatches) {
    this.warmUpBatches = warmUpBatches;
    this.countedBatches = countedBatches;
  }

  /** Whether valgrind's callgrind and its control program are installed. */
  static boolean available() {
    return onPath("valgrind") && onPath("callgrind_control");
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    return path != null
        && Stream.of(path.split(java.io.File.pathSeparator))
            .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
  }

  /** Counts every variant, two at a time (the count does not depend on what else runs). */
  List<Count> run(List<LoadDriver.Variant> variants) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("redlens-callgrind");
    ExecutorService pool =
        Executors.newFixedThreadPool(
            2,
            task -> {
              Thread thread = new Thread(task, "redlens-bench-callgrind");
              thread.setDaemon(true);
              return thread;
            });
    try {
      List<Future<Double>> counts = new ArrayList<>();
      for (LoadDriver.Variant variant : variants) {
        counts.add(pool.submit(() -> count(variant.name(), dir)));
      }
      List<Count> result = new ArrayList<>();
      for (int i = 0; i < variants.size(); i++) {
        LoadDriver.Variant variant = variants.get(i);
        double perCommand;
        try {
          perCommand = counts.get(i).get();
        } catch (java.util.concurrent.ExecutionException e) {
          System.out.println("callgrind failed for " + variant.name() + ": " + e.getCause());
          perCommand = Double.NaN;
        }
        result.add(new Count(variant.name(), variant.baseline(), perCommand));
        System.out.printf(
            Locale.ROOT, "instructions %-50s %,8.0f per command%n", variant.name(), perCommand);
      }
      return result;
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
      deleteTree(dir);
    }
  }

  private double count(String variant, Path dir) throws IOException, InterruptedException {
    Totals totals = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      totals = countOnce(variant, dir);
      if (totals.compiler() <= COMPILING) {
        break;
      }
      System.out.printf(
          Locale.ROOT,
          "instructions %s: the JIT compiled within the counted batches (%,d instructions), %s%n",
          variant,
          totals.compiler(),
          attempt < ATTEMPTS ? "counting again" : "kept");
    }
    return totals.application() / (double) (countedBatches * LoadDriver.BATCH);
  }

  /** One count's instructions: the application's threads', and the JIT compiler's. */
  private record Totals(long application, long compiler) {}

  private Totals countOnce(String variant, Path dir) throws IOException, InterruptedException {
    Path out = Files.createTempDirectory(dir, "variant");
    Process process =
        new ProcessBuilder(
                "valgrind",
                "--tool=callgrind",
                "--smc-check=all",
                "--vex-iropt-register-updates=allregs-at-mem-access",
                "--separate-threads=yes",
                "--callgrind-out-file=" + out.resolve("cg.%p"),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xbatch",
                "-cp",
                System.getProperty("java.class.path"),
                InstructionCount.class.getName(),
                variant,
                Integer.toString(warmUpBatches),
                Integer.toString(countedBatches))
            .redirectErrorStream(true)
            .redirectOutput(out.resolve("valgrind.log").toFile())
            .start();
    if (process.waitFor() != 0) {
      throw new IllegalStateException(
          "valgrind exited with " + process.exitValue() + ", see " + out.resolve("valgrind.log"));
    }
    long application = 0;
    long compiler = 0;
    int parts = 0;
    try (Stream<Path> files = Files.list(out)) {
      // part 1 of each thread's dump: from callgrind_control --zero to --dump
      for (Path thread : files.filter(f -> f.getFileName().toString().contains(".1-")).toList()) {
        parts++;
        ThreadCount count = threadCount(thread);
        if (count.kind() == ThreadKind.COMPILER) {
          compiler += count.instructions();
        } else if (count.kind() == ThreadKind.APPLICATION) {
          application += count.instructions();
        }
      }
    }
    if (parts == 0) {
      throw new IllegalStateException("callgrind wrote no counted dump in " + out);
    }
    return new Totals(application, compiler);
  }

  private enum ThreadKind {
    APPLICATION,
    COMPILER,
    COLLECTOR
  }

  private record ThreadCount(ThreadKind kind, long instructions) {}

  /**
   * The thread's total and kind: the JIT compiler's, the collector's (see {@link
   * #COLLECTOR_THREADS}), or the application's (the caller, the event loop, the SDK's).
   */
  private static ThreadCount threadCount(Path dump) throws IOException {
    long total = 0;
    ThreadKind kind = ThreadKind.APPLICATION;
    try (Stream<String> lines = Files.lines(dump)) {
      for (String line : (Iterable<String>) lines::iterator) {
        if (line.contains(COMPILER_THREAD)) {
          kind = ThreadKind.COMPILER;
        } else if (kind == ThreadKind.APPLICATION
            && line.startsWith("fn=")
            && COLLECTOR_THREADS.stream().anyMatch(line::contains)) {
          kind = ThreadKind.COLLECTOR;
        }
        if (line.startsWith("totals:")) {
          total = Long.parseLong(line.substring("totals:".length()).trim().split("\\s+")[0]);
        }
      }
    }
    return new ThreadCount(kind, total);
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(InstructionCounts::delete);
    } catch (IOException | UncheckedIOException e) {
      // a temporary directory left behind
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
