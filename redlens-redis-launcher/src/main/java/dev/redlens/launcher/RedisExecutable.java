package dev.redlens.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code redis-server} executable and its version. {@link #find()} takes, in order: the file
 * named by the {@code REDLENS_REDIS_SERVER} environment variable or {@code redlens.redis.server}
 * system property (the value {@code embedded} forces the embedded binary), the {@code redis-server}
 * on the {@code PATH}, and the binary that the {@code com.github.codemonstur:embedded-redis}
 * artifact ships (Redis 6.2), extracted once per JVM. The names of the artifact's binaries are
 * listed here and nowhere else.
 */
public final class RedisExecutable {

  private static final String OVERRIDE_PROPERTY = "redlens.redis.server";
  private static final String OVERRIDE_ENV = "REDLENS_REDIS_SERVER";
  private static final Pattern VERSION = Pattern.compile("v=(\\d+)\\.(\\d+)\\.(\\d+)");
  private static volatile RedisExecutable found;
  private static volatile RedisExecutable embedded;

  private final Path path;
  private final int major;
  private final int minor;
  private final int patch;

  private RedisExecutable(Path path) {
    this.path = path;
    Matcher m = VERSION.matcher(versionText(path));
    if (!m.find()) {
      throw new IllegalStateException("cannot read the version of " + path);
    }
    this.major = Integer.parseInt(m.group(1));
    this.minor = Integer.parseInt(m.group(2));
    this.patch = Integer.parseInt(m.group(3));
  }

  /** The binary to use by default (see the class comment). */
  public static RedisExecutable find() {
    RedisExecutable binary = found;
    if (binary == null) {
      synchronized (RedisExecutable.class) {
        if (found == null) {
          found = locate();
        }
        binary = found;
      }
    }
    return binary;
  }

  /** The {@code redis-server} on the {@code PATH}, if there is one. */
  public static Optional<RedisExecutable> onPath() {
    String pathVariable = System.getenv("PATH");
    if (pathVariable == null) {
      return Optional.empty();
    }
    for (String dir : pathVariable.split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, "redis-server");
      if (Files.isExecutable(candidate)) {
        return Optional.of(new RedisExecutable(candidate));
      }
    }
    return Optional.empty();
  }

  /**
   * The Redis 6.2 binary of the embedded-redis artifact, extracted to a temporary file once per
   * JVM.
   */
  public static RedisExecutable embedded() {
    RedisExecutable binary = embedded;
    if (binary == null) {
      synchronized (RedisExecutable.class) {
        if (embedded == null) {
          embedded = new RedisExecutable(extractEmbedded());
        }
        binary = embedded;
      }
    }
    return binary;
  }

  private static RedisExecutable locate() {
    String override = System.getProperty(OVERRIDE_PROPERTY, System.getenv(OVERRIDE_ENV));
    if (override != null && !override.isBlank()) {
      return override.equals("embedded") ? embedded() : new RedisExecutable(Path.of(override));
    }
    return onPath().orElseGet(RedisExecutable::embedded);
  }

  private static Path extractEmbedded() {
    String resource = embeddedResourceName();
    try (InputStream in = RedisExecutable.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "no redis-server on the PATH and the embedded-redis artifact has no " + resource);
      }
      Path dir = Files.createTempDirectory("redlens-redis-bin");
      Path file = dir.resolve("redis-server");
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      file.toFile().setExecutable(true, true);
      dir.toFile().deleteOnExit(); // registered first, deleted last (after the file)
      file.toFile().deleteOnExit();
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

  private static String versionText(Path path) {
    try {
      Process process =
          new ProcessBuilder(path.toString(), "--version").redirectErrorStream(true).start();
      String out =
          new String(
              process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + path + " --version", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The executable file. */
  public Path path() {
    return path;
  }

  /** The major version, e.g. 7. */
  public int majorVersion() {
    return major;
  }

  /** The version as {@code major.minor.patch}. */
  public String version() {
    return major + "." + minor + "." + patch;
  }

  /** Whether this server is at least {@code major.minor}. */
  public boolean isAtLeast(int major, int minor) {
    return this.major > major || (this.major == major && this.minor >= minor);
  }

  @Override
  public String toString() {
    return "redis-server " + version() + " (" + path + ")";
  }
}
