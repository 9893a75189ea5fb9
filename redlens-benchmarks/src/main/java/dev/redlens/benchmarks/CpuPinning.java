package dev.redlens.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Pins {@code redis-server} to CPU 0 and this JVM (all its threads) to the other CPUs with {@code
 * taskset}, for as long as it is open; closing gives the JVM every CPU again. On a small machine
 * the client's cost is then apart from the server's: each has its own core instead of both
 * competing for two.
 */
final class CpuPinning implements AutoCloseable {

  private final String allCpus;

  private CpuPinning(String allCpus) {
    this.allCpus = allCpus;
  }

  /** Pins the server process {@code serverPid} to CPU 0 and this JVM to the rest. */
  static CpuPinning pin(long serverPid) {
    int cpus = Runtime.getRuntime().availableProcessors();
    if (cpus < 2) {
      throw new IllegalStateException("pinning needs at least 2 CPUs, this machine has " + cpus);
    }
    String self = Long.toString(ProcessHandle.current().pid());
    taskset("-pc", "0", Long.toString(serverPid));
    taskset("-a", "-pc", cpus == 2 ? "1" : "1-" + (cpus - 1), self);
    return new CpuPinning("0-" + (cpus - 1));
  }

  @Override
  public void close() {
    taskset("-a", "-pc", allCpus, Long.toString(ProcessHandle.current().pid()));
  }

  /** Runs {@code taskset} with these arguments; fails if it does. */
  static void taskset(String... arguments) {
    String[] command = new String[arguments.length + 1];
    command[0] = "taskset";
    System.arraycopy(arguments, 0, command, 1, arguments.length);
    try {
      Process taskset = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(taskset.getInputStream().readAllBytes());
      if (taskset.waitFor() != 0) {
        throw new IllegalStateException(
            "taskset failed: " + String.join(" ", command) + ": " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
