package dev.redlens.testing;

import dev.redlens.launcher.GuardedProcess;
import dev.redlens.testing.internal.Await;
import dev.redlens.testing.internal.FreePort;
import dev.redlens.testing.internal.RespConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One Sentinel ({@code redis-server <file> --sentinel}) of a {@link RedisSentinel}, on a free
 * loopback port, with its own writable configuration file (Sentinel rewrites it as it learns the
 * topology and refuses to start without one).
 */
public final class SentinelNode implements AutoCloseable {

  private static final String HOST = "127.0.0.1";
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);

  private final Path dir;
  private final int port;
  private final GuardedProcess process;

  private SentinelNode(Path dir, int port, GuardedProcess process) {
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  /**
   * Starts a sentinel monitoring {@code master} under {@code masterName} with these {@code sentinel
   * …} directives (each a line after {@code sentinel <directive> <masterName>}).
   */
  static SentinelNode start(
      RedisBinary binary, String masterName, RedisServer master, int quorum, List<String> tuning) {
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      try {
        return startOnce(binary, masterName, master, quorum, tuning);
      } catch (IllegalStateException e) {
        last = e; // most likely the port was taken in between
      }
    }
    throw last;
  }

  private static SentinelNode startOnce(
      RedisBinary binary, String masterName, RedisServer master, int quorum, List<String> tuning) {
    int port = FreePort.find();
    Path dir;
    try {
      dir = Files.createTempDirectory("redlens-sentinel-");
      String conf =
          String.join(
              "\n",
              "port " + port,
              "bind " + HOST,
              "daemonize no",
              "dir " + dir,
              "logfile " + dir.resolve("sentinel.log"),
              "sentinel monitor "
                  + masterName
                  + " "
                  + master.host()
                  + " "
                  + master.port()
                  + " "
                  + quorum,
              tuning.stream()
                  .map(t -> "sentinel " + t.replaceFirst(" ", " " + masterName + " "))
                  .collect(Collectors.joining("\n")),
              "");
      Files.writeString(dir.resolve("sentinel.conf"), conf);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    GuardedProcess process =
        GuardedProcess.start(
            List.of(
                binary.path().toString(), dir.resolve("sentinel.conf").toString(), "--sentinel"),
            dir.resolve("stdout.log"));
    SentinelNode node = new SentinelNode(dir, port, process);
    try {
      Await.until(
          STARTUP_TIMEOUT,
          "a sentinel answering on " + port,
          () -> {
            if (!process.isAlive()) {
              throw new IllegalStateException("sentinel exited:\n" + node.log());
            }
            return "PONG".equals(node.call("PING"));
          },
          node::log);
    } catch (IllegalStateException e) {
      node.close();
      throw e;
    }
    return node;
  }

  public String host() {
    return HOST;
  }

  public int port() {
    return port;
  }

  /** {@code redis://127.0.0.1:port}: this sentinel as a plain server. */
  public String uri() {
    return "redis://" + HOST + ":" + port;
  }

  /** {@code 127.0.0.1:port}. */
  public String address() {
    return HOST + ":" + port;
  }

  public boolean isRunning() {
    return process.isAlive();
  }

  /** Runs a command on a fresh connection (see {@link RedisServer#call}). */
  public Object call(String... command) {
    try (RespConnection connection = new RespConnection(HOST, port, 10_000)) {
      return connection.call(command);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", command) + " on " + this, e);
    }
  }

  /** The sentinel's log and current configuration file. */
  public String log() {
    StringBuilder text = new StringBuilder();
    for (String name : List.of("stdout.log", "sentinel.log", "sentinel.conf")) {
      try {
        Path file = dir.resolve(name);
        if (Files.exists(file)) {
          text.append("-- ").append(name).append('\n').append(Files.readString(file));
        }
      } catch (IOException e) {
        text.append("(").append(name).append(" unreadable: ").append(e).append(")\n");
      }
    }
    return text.toString();
  }

  /** Stops the sentinel and deletes its directory. Idempotent. */
  @Override
  public void close() {
    process.kill();
    try (var files = Files.list(dir)) {
      files.forEach(file -> file.toFile().delete());
    } catch (IOException e) {
      // already gone
    }
    dir.toFile().delete();
  }

  @Override
  public String toString() {
    return "sentinel on " + address();
  }
}
