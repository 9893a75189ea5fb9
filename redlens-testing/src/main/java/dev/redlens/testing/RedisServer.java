package dev.redlens.testing;

import dev.redlens.testing.internal.FreePort;
import dev.redlens.testing.internal.RespConnection;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real {@code redis-server} process on a free loopback port, for tests. Started by {@link
 * #start()} or {@link #builder()}, it answers {@code PING} when {@code start} returns and is always
 * stopped: by {@link #close()}, by a JVM shutdown hook, and, should the JVM be killed outright, by
 * its guard (the process runs under a small shell that kills it as soon as the JVM's end of its
 * standard input closes). It persists nothing to disk.
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.builder().config("maxmemory", "1mb").start()) {
 *   RedisClient client = RedisClient.create(redis.uri());
 *   ...
 *   redis.kill();      // SIGKILL, mid-test
 *   redis.restart();   // same port, same configuration
 * }
 * }</pre>
 */
public final class RedisServer implements AutoCloseable {

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);
  private static final String HOST = "127.0.0.1";
  private static final Set<RedisServer> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Thread hook =
        new Thread(() -> RUNNING.forEach(RedisServer::close), "redlens-redis-fixture-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  private final RedisBinary binary;
  private final Map<String, List<String>> config;
  private final String password;
  private final RedisServer primary;
  private final Path dir;
  private int port;
  private Process guard;
  private long pid = -1;

  private RedisServer(Builder builder) {
    this.binary = builder.binary != null ? builder.binary : RedisBinary.find();
    this.config = new LinkedHashMap<>(builder.config);
    this.password = builder.password;
    this.primary = builder.primary;
    try {
      this.dir = Files.createTempDirectory("redlens-redis-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.dir.toFile().deleteOnExit();
  }

  /** Starts a server with the default configuration. */
  public static RedisServer start() {
    return builder().start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Configures a server before it starts. */
  public static final class Builder {
    private final Map<String, List<String>> config = new LinkedHashMap<>();
    private RedisBinary binary;
    private String password;
    private RedisServer primary;

    private Builder() {}

    /**
     * A configuration directive, as on the {@code redis-server} command line: {@code
     * config("maxmemory", "1mb")}, {@code config("save", "")}, {@code
     * config("busy-reply-threshold", "100")}.
     */
    public Builder config(String name, String... values) {
      config.put(name, List.of(values));
      return this;
    }

    /** Sets {@code requirepass}; the fixture's own connections authenticate with it. */
    public Builder password(String password) {
      this.password = password;
      return this;
    }

    /**
     * Starts a replica of {@code primary} (with {@code masterauth} when the primary has a
     * password).
     */
    public Builder replicaOf(RedisServer primary) {
      this.primary = primary;
      return this;
    }

    /**
     * The executable to run, e.g. {@link RedisBinary#embedded()}; default {@link
     * RedisBinary#find()}.
     */
    public Builder binary(RedisBinary binary) {
      this.binary = binary;
      return this;
    }

    /** Starts the server on a free port and waits until it answers. */
    public RedisServer start() {
      RedisServer server = new RedisServer(this);
      server.startOnFreePort();
      return server;
    }
  }

  // ---- what tests use
  // ----------------------------------------------------------------------------------------

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

  /** {@code redis://:password@127.0.0.1:port}, or {@link #uri()} when there is no password. */
  public String uriWithPassword() {
    return password == null ? uri() : "redis://:" + password + "@" + HOST + ":" + port;
  }

  public String password() {
    return password;
  }

  public RedisBinary binary() {
    return binary;
  }

  /** The server's process id while it runs, else -1. */
  public synchronized long pid() {
    return pid;
  }

  /** Whether the process is alive. */
  public synchronized boolean isRunning() {
    return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /**
   * Runs a command on a fresh connection of the fixture's own (authenticated when the server has a
   * password) and returns the reply: a string, a number, a list, or null; an error reply is thrown.
   */
  public Object call(String... command) {
    try (RespConnection connection = new RespConnection(HOST, port, 10_000)) {
      if (password != null) {
        connection.call("AUTH", password);
      }
      return connection.call(command);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", command) + " on " + this, e);
    }
  }

  /** {@link #call} with the reply as text (list elements on separate lines, nil as {@code ""}). */
  public String execute(String... command) {
    return render(call(command));
  }

  /** The {@code INFO} text of {@code section}. */
  public String info(String section) {
    return execute("INFO", section);
  }

  /** The server's log so far (its standard output and error, then its log file). */
  public String log() {
    StringBuilder text = new StringBuilder();
    for (String name : List.of("stdout.log", "redis.log")) {
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

  /**
   * Kills the server with SIGKILL (as a crash would) and waits until it is gone. Its port stays
   * reserved.
   */
  public synchronized void kill() {
    destroy();
  }

  /**
   * Starts the server again on the same port with the same configuration (after {@link #kill()}).
   */
  public synchronized void restart() {
    destroy();
    launch();
  }

  /** Waits until a replica's link to its primary is up. */
  public void awaitReplicationLink(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!info("replication").contains("master_link_status:up")) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "replica " + this + " did not sync in " + timeout + "\n" + log());
      }
      sleep(50);
    }
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
    return "redis-server " + binary.version() + " on " + HOST + ":" + port;
  }

  // ---- process management
  // ----------------------------------------------------------------------------------

  private void startOnFreePort() {
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      port = FreePort.find();
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
    command.add("sh");
    command.add("-c");
    // exec 3<&0: keep the JVM's pipe; the server gets /dev/null; the watcher kills it when the pipe
    // closes
    command.add(
        "exec 3<&0; \"$0\" \"$@\" </dev/null >>\"$REDLENS_REDIS_OUT\" 2>&1 & p=$!; echo $p;"
            + " (cat <&3 >/dev/null; kill -9 $p 2>/dev/null) >/dev/null 2>&1 & wait $p");
    command.add(binary.path().toString());
    command.addAll(arguments());
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().put("REDLENS_REDIS_OUT", dir.resolve("stdout.log").toString());
      guard = builder.start();
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(guard.getInputStream(), StandardCharsets.US_ASCII));
      String line = out.readLine();
      if (line == null) {
        throw new IllegalStateException("redis-server did not start: " + log());
      }
      pid = Long.parseLong(line.trim());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + binary, e);
    }
    RUNNING.add(this);
    awaitReady();
  }

  private List<String> arguments() {
    Map<String, List<String>> all = new LinkedHashMap<>();
    all.put("port", List.of(Integer.toString(port)));
    all.put("bind", List.of(HOST));
    all.put("save", List.of(""));
    all.put("appendonly", List.of("no"));
    all.put("daemonize", List.of("no"));
    all.put("dir", List.of(dir.toString()));
    all.put("logfile", List.of(dir.resolve("redis.log").toString()));
    if (binary.isAtLeast(7, 0)) {
      all.put("enable-debug-command", List.of("yes"));
    }
    if (password != null) {
      all.put("requirepass", List.of(password));
    }
    if (primary != null) {
      all.put("replicaof", List.of(primary.host(), Integer.toString(primary.port())));
      if (primary.password() != null) {
        all.put("masterauth", List.of(primary.password()));
      }
    }
    all.putAll(config);
    List<String> args = new ArrayList<>();
    all.forEach(
        (name, values) -> {
          args.add("--" + name);
          args.addAll(values);
        });
    return args;
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
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
            "redis-server did not answer within " + STARTUP_TIMEOUT + ":\n" + log);
      }
      sleep(20);
    }
  }

  private synchronized void destroy() {
    RUNNING.remove(this);
    if (pid > 0) {
      ProcessHandle.of(pid)
          .ifPresent(
              handle -> {
                handle.destroyForcibly();
                try {
                  handle.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                  // gone or going; the guard below finishes the job
                }
              });
      pid = -1;
    }
    if (guard != null) {
      try {
        guard.getOutputStream().close(); // ends the watcher
      } catch (IOException e) {
        // already closed
      }
      guard.destroy();
      guard = null;
    }
  }

  private static String render(Object reply) {
    if (reply == null) {
      return "";
    }
    if (reply instanceof List<?> list) {
      return list.stream().map(RedisServer::render).collect(Collectors.joining("\n"));
    }
    return reply.toString();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The servers this JVM is running now (for the fixture's own tests). */
  static Set<RedisServer> running() {
    return Collections.unmodifiableSet(RUNNING);
  }
}
