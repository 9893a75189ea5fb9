package dev.redlens.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A child process that never outlives the JVM: killed by {@link #kill()}, by a shutdown hook, and,
 * should the JVM be killed outright, by a watcher shell that kills it once the JVM's end of its
 * standard input closes. For fixtures that {@code RedisServer} cannot start, such as a Sentinel
 * (which must be given a configuration file it can rewrite).
 */
public final class GuardedProcess {

  private static final Set<GuardedProcess> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> RUNNING.forEach(GuardedProcess::kill), "redlens-guarded-process-shutdown"));
  }

  private final Process guard;
  private final long pid;

  private GuardedProcess(Process guard, long pid) {
    this.guard = guard;
    this.pid = pid;
  }

  /** Starts {@code command} with its standard output and error appended to {@code output}. */
  public static GuardedProcess start(List<String> command, Path output) {
    List<String> shell = new ArrayList<>();
    shell.add("sh");
    shell.add("-c");
    // fd 3 keeps the JVM's pipe; when it closes (JVM gone), the watcher kills the child
    shell.add(
        "exec 3<&0; \"$0\" \"$@\" </dev/null >>\"$REDLENS_OUT\" 2>&1 & c=$!; echo $c;"
            + " (cat <&3 >/dev/null; kill -9 $c 2>/dev/null) >/dev/null 2>&1 & wait $c");
    shell.addAll(command);
    try {
      ProcessBuilder builder = new ProcessBuilder(shell).redirectErrorStream(true);
      builder.environment().put("REDLENS_OUT", output.toString());
      Process guard = builder.start();
      String line =
          new BufferedReader(
                  new InputStreamReader(guard.getInputStream(), StandardCharsets.US_ASCII))
              .readLine();
      if (line == null) {
        guard.destroyForcibly();
        throw new IllegalStateException("cannot start " + command);
      }
      GuardedProcess process = new GuardedProcess(guard, Long.parseLong(line.trim()));
      RUNNING.add(process);
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  public long pid() {
    return pid;
  }

  public boolean isAlive() {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** Kills the process (SIGKILL) and its watcher, and waits until it is gone. Idempotent. */
  public void kill() {
    RUNNING.remove(this);
    ProcessHandle.of(pid)
        .ifPresent(
            handle -> {
              handle.destroyForcibly();
              try {
                handle.onExit().get(10, TimeUnit.SECONDS);
              } catch (Exception e) {
                // gone or going; closing the pipe below makes the watcher finish the job
              }
            });
    try {
      guard.getOutputStream().close();
    } catch (IOException e) {
      // already closed
    }
    guard.destroy();
  }
}
