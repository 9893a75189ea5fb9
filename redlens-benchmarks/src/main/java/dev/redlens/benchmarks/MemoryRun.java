package dev.redlens.benchmarks;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.core.catalog.CommandArguments;
import dev.redlens.core.instrumentation.ClientScope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Whether Redlens's memory stays bounded: {@value #COMMANDS} commands (GET hits, GET misses, SETs)
 * across {@value #KEYS} keys and {@value #PROJECTS} project ids through {@link RedisTelemetry},
 * with the heap used after a full GC sampled every million commands. The heap holds the SDK's
 * metric storage too (bounded by the attribute sets, not by the command count), so "flat" is what
 * matters, not the absolute figure.
 */
public final class MemoryRun {

  static final long COMMANDS = 10_000_000;
  static final int KEYS = 10_000;
  static final int PROJECTS = 1_000;

  /** The heap used after GC (bytes) at every million commands, starting at 0. */
  public record Result(List<Long> heapAfterGc, double seconds) {
    long growthAfterWarmup() {
      // from the first million (every series exists by then) to the end
      return heapAfterGc.get(heapAfterGc.size() - 1) - heapAfterGc.get(1);
    }
  }

  public static Result run() {
    try (OpenTelemetrySdk sdk = BenchmarkSdk.create(false);
        RedisTelemetry telemetry = RedisTelemetry.create(sdk)) {
      ClientScope base = telemetry.scope("127.0.0.1", 6379, 0);
      List<ClientScope> projects = new ArrayList<>(PROJECTS);
      for (int p = 0; p < PROJECTS; p++) {
        projects.add(base.withProject(new UUID(0x5eed, p).toString()));
      }
      CommandArguments[] getArgs = new CommandArguments[KEYS];
      CommandArguments[] setArgs = new CommandArguments[KEYS];
      for (int k = 0; k < KEYS; k++) {
        getArgs[k] = CommandArguments.of("key:" + k);
        setArgs[k] = CommandArguments.of("key:" + k, "value");
      }
      List<Long> heap = new ArrayList<>();
      heap.add(usedAfterGc());
      long start = System.nanoTime();
      for (long i = 0; i < COMMANDS; i++) {
        ClientScope scope = projects.get((int) (i % PROJECTS));
        int key = (int) (i % KEYS);
        switch ((int) (i % 3)) {
          case 0 -> scope.start("SET", setArgs[key]).end("OK");
          case 1 -> scope.start("GET", getArgs[key]).end("value");
          default -> scope.start("GET", getArgs[key]).end(null);
        }
        if ((i + 1) % 1_000_000 == 0) {
          heap.add(usedAfterGc());
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      if (telemetry.snapshot().operations() != COMMANDS) {
        throw new IllegalStateException("the snapshot lost commands");
      }
      return new Result(heap, seconds);
    }
  }

  static long usedAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }

  public static void main(String[] args) {
    Result result = run();
    System.out.printf(
        "%,d commands in %.1f s; heap after GC (MiB) every million: %s%n",
        COMMANDS,
        result.seconds(),
        result.heapAfterGc().stream().map(b -> String.format("%.1f", b / 1048576.0)).toList());
  }
}
