package dev.redlens.service.internal.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} that the service starts itself when no Redis answers and no {@code
 * REDIS_URL} was given: the one on the {@code PATH}, else the binary that the {@code
 * embedded-redis} artifact ships (Redis 6.2), on a free port of 127.0.0.1, keeping nothing on disk.
 *
 * <p>The binary lookup is the same idea as {@code redlens-testing}'s {@code RedisBinary}, copied
 * here (a few lines) because that module is a test-support library that brings JUnit and the SDK
 * testing artifacts with it.
 */
public final class EmbeddedRedis implements AutoCloseable {

  private final Process process;
  private final Path binary;
  private final Path dir;
  private final int port;

  private EmbeddedRedis(Process process, Path binary, Path dir, int port) {
    this.process = process;
    this.binary = binary;
    this.dir = dir;
    this.port = port;
  }

  /** Starts a server on a free port and waits until it answers PING. */
  public static EmbeddedRedis start(Duration timeout) {
    Path binary = locateBinary();
    try {
      Path dir = Files.createTempDirectory("redlens-service-redis");
      dir.toFile().deleteOnExit();
      int port = freePort();
      Process process =
          new ProcessBuilder(
                  List.of(
                      binary.toString(),
                      "--port",
                      Integer.toString(port),
                      "--bind",
                      "127.0.0.1",
                      "--save",
                      "",
                      "--appendonly",
                      "no",
                      "--daemonize",
                      "no",
                      "--dir",
                      dir.toString(),
                      "--loglevel",
                      "warning"))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("redis.log").toFile())
              .start();
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException("embedded redis-server exited: " + readLog(dir));
        }
        if (RedisProbe.answers("127.0.0.1", port, Duration.ofMillis(200))) {
          return new EmbeddedRedis(process, binary, dir, port);
        }
        Thread.sleep(50);
      }
      process.destroyForcibly();
      throw new IllegalStateException("embedded redis-server did not answer within " + timeout);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded redis-server " + binary, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the embedded redis-server", e);
    }
  }

  public int port() {
    return port;
  }

  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  public Path binary() {
    return binary;
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }

  // ---- the binary
  // -----------------------------------------------------------------------------------------

  private static Path locateBinary() {
    String pathVariable = System.getenv("PATH");
    if (pathVariable != null) {
      for (String dir : pathVariable.split(java.io.File.pathSeparator)) {
        Path candidate = Path.of(dir, "redis-server");
        if (Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    return extractEmbedded();
  }

  private static Path extractEmbedded() {
    String resource = embeddedResourceName();
    try (InputStream in = EmbeddedRedis.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "no redis-server on the PATH and the embedded-redis artifact has no " + resource);
      }
      Path dir = Files.createTempDirectory("redlens-service-redis-bin");
      Path file = dir.resolve("redis-server");
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      if (!file.toFile().setExecutable(true, true)) {
        throw new IllegalStateException("cannot make " + file + " executable");
      }
      file.toFile().deleteOnExit();
      dir.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract the embedded redis-server", e);
    }
  }

  private static String embeddedResourceName() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    boolean arm = arch.contains("aarch64") || arch.contains("arm");
    if (os.contains("mac")) {
      return arm ? "redis-server-6.2.6-v5-darwin-arm64" : "redis-server-6.2.6-v5-darwin-amd64";
    }
    if (arm) {
      return "redis-server-6.2.7-linux-arm64";
    }
    return arch.contains("64")
        ? "redis-server-6.2.6-v5-linux-amd64"
        : "redis-server-6.2.7-linux-386";
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  private static String readLog(Path dir) {
    try {
      return Files.readString(dir.resolve("redis.log"), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      return "(no log)";
    }
  }
}
