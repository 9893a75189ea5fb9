package dev.redlens.benchmarks;

import dev.redlens.testing.RedisServer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * One variant's pipelined commands inside valgrind's callgrind, which counts the instructions the
 * JVM executes: a figure the machine's load does not move (this VM exposes no hardware counters to
 * {@code perf}). Started by {@link InstructionCounts} as {@code valgrind --tool=callgrind … java
 * -cp redlens-benchmarks.jar dev.redlens.benchmarks.InstructionCount <variant> <warm-up batches>
 * <counted batches>}: it warms the variant up until the JIT has compiled its path, zeroes
 * callgrind's counters, runs the counted batches and dumps the counters ({@code callgrind_control}
 * on its own process), so the dump holds those batches' instructions on every thread of the JVM
 * (the caller, the event loop, the SDK's, the JIT's and the collector's), not the JVM's start.
 */
public final class InstructionCount {

  private InstructionCount() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    String name = args[0];
    int warmUp = Integer.parseInt(args[1]);
    int counted = Integer.parseInt(args[2]);
    List<OpenTelemetrySdk> sdks = new ArrayList<>();
    try (RedisServer redis = RedisServer.builder().start()) {
      LoadDriver.Variant variant =
          LoadDriver.variants(sdks).stream()
              .filter(v -> v.name().equals(name))
              .findFirst()
              .orElseThrow(() -> new IllegalArgumentException("no variant named " + name));
      try (BenchClient client = variant.open().apply(redis.uri())) {
        String[] keys = new String[LoadDriver.KEYS];
        for (int i = 0; i < LoadDriver.KEYS; i++) {
          keys[i] = "key:" + i;
        }
        int next = batches(client, keys, 0, warmUp);
        // an empty young generation: a collection inside the counted batches would add its
        // millions of instructions to whichever variant it happened to fall in
        System.gc();
        callgrind("--zero");
        batches(client, keys, next, counted);
        callgrind("--dump=counted");
        String codeList = System.getProperty("redlens.bench.codeList");
        if (codeList != null) {
          Files.writeString(Path.of(codeList), compiledCode());
        }
      }
    } finally {
      sdks.forEach(OpenTelemetrySdk::close);
    }
  }

  private static int batches(BenchClient client, String[] keys, int next, int count) {
    String[] batch = new String[LoadDriver.BATCH];
    int i = next;
    for (int n = 0; n < count; n++) {
      for (int b = 0; b < LoadDriver.BATCH; b++) {
        batch[b] = keys[i++ % LoadDriver.KEYS];
      }
      client.pipelined(batch, LoadDriver.VALUE);
    }
    return i;
  }

  /**
   * The JIT's compiled methods and their addresses ({@code jcmd Compiler.codelist}), so that the
   * dump's addresses can be named.
   */
  private static String compiledCode() {
    try {
      return (String)
          ManagementFactory.getPlatformMBeanServer()
              .invoke(
                  new ObjectName("com.sun.management:type=DiagnosticCommand"),
                  "compilerCodelist",
                  new Object[] {new String[0]},
                  new String[] {String[].class.getName()});
    } catch (JMException e) {
      return "";
    }
  }

  /** Tells the callgrind this JVM runs in to {@code option} ({@code --zero}, {@code --dump}). */
  private static void callgrind(String option) throws IOException, InterruptedException {
    Process control =
        new ProcessBuilder(
                "callgrind_control", option, Long.toString(ProcessHandle.current().pid()))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (control.waitFor() != 0) {
      throw new IllegalStateException("callgrind_control " + option + " failed");
    }
  }
}
