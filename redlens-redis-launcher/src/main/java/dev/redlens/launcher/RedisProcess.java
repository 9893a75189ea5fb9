package dev.redlens.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code redis-server} process bound to 127.0.0.1 on a free port ({@link LoopbackPort}),
 * persisting nothing, answering {@code PING} when {@link Builder#start()} returns. It runs as a
 * {@link GuardedProcess}: it never outlives the JVM that started it, even when that JVM is killed
 * with {@code kill -9} and no shutdown hook runs.
 */
public final class RedisProcess implements AutoCloseable {

  /** The only interface a launched server listens on. */
  public static final String HOST = "127.0.0.1";

  private static final String STDOUT_LOG = "stdout.log";
  private static final String REDIS_LOG = "redis.log";

  private final RedisExecutable executable;
  private final Map<String, List<String>> directives;
  private final String password;
  private final Duration startupTimeout;
  private final Path dir;
  private int port;
  private GuardedProcess process; // guarded by this

  private RedisProcess(Builder builder) {
    this.executable = builder.executable;
    this.directives = new LinkedHashMap<>(builder.directives);
    this.password = builder.password;
    this.startupTimeout = builder.startupTimeout;
    try {
      this.dir = Files.createTempDirectory("redlens-redis-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for redis-server", e);
    }
    this.dir.toFile().deleteOnExit();
  }

  /** A process of {@code executable}, configured before it starts. */
  public static Builder builder(RedisExecutable executable) {
    return new Builder(executable);
  }

  /** Configures a process before it starts. */
  public static final class Builder {
    private final RedisExecutable executable;
    private final Map<String, List<String>> directives = new LinkedHashMap<>();
    private String password;
    private Duration startupTimeout = Duration.ofSeconds(20);

    private Builder(RedisExecutable executable) {
      this.executable = executable;
    }

    /**
     * A configuration directive as on the {@code redis-server} command line ({@code
     * directive("maxmemory", "1mb")}); it overrides the launcher's defaults except {@code port} and
     * {@code bind}.
     */
    public Builder directive(String name, String... values) {
      directives.put(name, List.of(values));
      return this;
    }

    /** Sets {@code requirepass}; the readiness check authenticates with it. */
    public Builder password(String password) {
      this.password = password;
      return this;
    }

    /** How long {@link #start()} waits for {@code PING} to be answered (default 20 s). */
    public Builder startupTimeout(Duration timeout) {
      this.startupTimeout = timeout;
      return this;
    }

    /** Starts the server on a free loopback port and waits until it answers. */
    public RedisProcess start() {
      RedisProcess process = new RedisProcess(this);
      try {
        process.startOnFreePort();
      } catch (RuntimeException e) {
        process.close();
        throw e;
      }
      return process;
    }
  }

  public String host() {
    return HOST;
  }

  public int port() {
    return port;
  }

  /** {@code redis://127.0.0.1:port} (without the password). */
  public String uri() {
    return "redis://" + HOST + ":" + port;
  }

  public RedisExecutable executable() {
    return executable;
  }

  /** The server's process id while it runs, else -1. */
  public synchronized long pid() {
    return process == null ? -1 : process.pid();
  }

  /** Whether the process is alive. */
  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** The server's log so far (its standard output and error, then its log file). */
  public String log() {
    StringBuilder text = new StringBuilder();
    for (String name : List.of(STDOUT_LOG, REDIS_LOG)) {
      try {
        Path log = dir.resolve(name);
        if (Files.exists(log)) {
          text.append(Files.readString(log));
        }
      } catch (IOException e) {
        text.append("(").append(name).append(" unreadable: ").append(e).append(")\n");
      }
    }
    return text.toString();
  }

  /** Kills the server with SIGKILL (as a crash would) and waits until it is gone. */
  public synchronized void kill() {
    destroy();
  }

  /** Starts the server again on the same port with the same configuration. */
  public synchronized void restart() {
    destroy();
    launch();
  }

  /** Stops the server and deletes its directory. Idempotent. */
  @Override
  public synchronized void close() {
    destroy();
    try (var files = Files.list(dir)) {
      files.forEach(file -> file.toFile().delete());
    } catch (IOException e) {
      // already gone
    }
    dir.toFile().delete();
  }

  @Override
  public String toString() {
    return "redis-server " + executable.version() + " on " + HOST + ":" + port;
  }

  private void startOnFreePort() {
    IllegalStateException last = null;
    // the port is free when chosen but another process may take it before the server binds it
    for (int attempt = 0; attempt < 5; attempt++) {
      port = LoopbackPort.free();
      try {
        launch();
        return;
      } catch (IllegalStateException e) {
        last = e;
        if (!String.valueOf(e.getMessage()).contains("Address already in use")) {
          throw e;
        }
      }
    }
    throw last;
  }

  private synchronized void launch() {
    List<String> command = new ArrayList<>();
    command.add(executable.path().toString());
    command.addAll(arguments());
    process = GuardedProcess.start(command, dir.resolve(STDOUT_LOG));
    awaitReady();
  }

  private List<String> arguments() {
    Map<String, List<String>> all = new LinkedHashMap<>();
    all.put("save", List.of(""));
    all.put("appendonly", List.of("no"));
    all.put("daemonize", List.of("no"));
    all.put("dir", List.of(dir.toString()));
    all.put("logfile", List.of(dir.resolve(REDIS_LOG).toString()));
    if (password != null) {
      all.put("requirepass", List.of(password));
    }
    all.putAll(directives);
    all.put("port", List.of(Integer.toString(port)));
    all.put("bind", List.of(HOST));
    List<String> args = new ArrayList<>();
    all.forEach(
        (name, values) -> {
          args.add("--" + name);
          args.addAll(values);
        });
    return args;
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + startupTimeout.toNanos();
    while (true) {
      if (!isRunning()) {
        String log = log();
        destroy();
        throw new IllegalStateException(
            "redis-server exited during start-up on port " + port + ":\n" + log);
      }
      try (RespConnection connection = new RespConnection(HOST, port, 1_000)) {
        if (password != null) {
          connection.call("AUTH", password);
        }
        if ("PONG".equals(connection.call("PING"))) {
          return;
        }
      } catch (IOException | RespConnection.ReplyError e) {
        // not yet listening, or still loading
      }
      if (System.nanoTime() > deadline) {
        String log = log();
        destroy();
        throw new IllegalStateException(
            "redis-server did not answer within " + startupTimeout + ":\n" + log);
      }
      pause();
    }
  }

  private synchronized void destroy() {
    if (process != null) {
      process.kill();
      process = null;
    }
  }

  private static void pause() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for redis-server", e);
    }
  }
}
