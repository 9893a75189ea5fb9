package dev.redlens.testing;

import dev.redlens.launcher.RedisProcess;
import dev.redlens.launcher.RespConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A real {@code redis-server} process on a free loopback port, for tests: a {@link RedisProcess} of
 * the launcher module with the fixtures' conveniences. Started by {@link #start()} or {@link
 * #builder()}, it answers {@code PING} when {@code start} returns and is always stopped: by {@link
 * #close()}, by a JVM shutdown hook, and, should the JVM be killed outright, by the launcher's
 * guard shell. It persists nothing to disk.
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

  private static final String HOST = RedisProcess.HOST;
  private static final Set<RedisServer> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Thread hook =
        new Thread(() -> RUNNING.forEach(RedisServer::close), "redlens-redis-fixture-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  private final RedisBinary binary;
  private final String password;
  private final RedisProcess process;

  private RedisServer(Builder builder) {
    this.binary = builder.binary != null ? builder.binary : RedisBinary.find();
    this.password = builder.password;
    RedisProcess.Builder process = RedisProcess.builder(binary.executable()).password(password);
    if (binary.isAtLeast(7, 0)) {
      process.directive("enable-debug-command", "yes");
    }
    if (builder.primary != null) {
      RedisServer primary = builder.primary;
      process.directive("replicaof", primary.host(), Integer.toString(primary.port()));
      if (primary.password() != null) {
        process.directive("masterauth", primary.password());
      }
    }
    builder.config.forEach(
        (name, values) -> process.directive(name, values.toArray(String[]::new)));
    this.process = process.start();
    RUNNING.add(this);
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
      return new RedisServer(this);
    }
  }

  // ---- what tests use
  // ----------------------------------------------------------------------------------------

  public String host() {
    return HOST;
  }

  public int port() {
    return process.port();
  }

  /** {@code redis://127.0.0.1:port} (without the password). */
  public String uri() {
    return process.uri();
  }

  /** {@code redis://:password@127.0.0.1:port}, or {@link #uri()} when there is no password. */
  public String uriWithPassword() {
    return password == null ? uri() : "redis://:" + password + "@" + HOST + ":" + port();
  }

  public String password() {
    return password;
  }

  public RedisBinary binary() {
    return binary;
  }

  /** The server's process id while it runs, else -1. */
  public long pid() {
    return process.pid();
  }

  /** Whether the process is alive. */
  public boolean isRunning() {
    return process.isRunning();
  }

  /**
   * Runs a command on a fresh connection of the fixture's own (authenticated when the server has a
   * password) and returns the reply: a string, a number, a list, or null; an error reply is thrown.
   */
  public Object call(String... command) {
    try (RespConnection connection = new RespConnection(HOST, port(), 10_000)) {
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
    return process.log();
  }

  /**
   * Kills the server with SIGKILL (as a crash would) and waits until it is gone. Its port stays
   * reserved.
   */
  public void kill() {
    process.kill();
  }

  /**
   * Starts the server again on the same port with the same configuration (after {@link #kill()}).
   */
  public void restart() {
    RUNNING.add(this);
    process.restart();
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
  public void close() {
    RUNNING.remove(this);
    process.close();
  }

  @Override
  public String toString() {
    return process.toString();
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
