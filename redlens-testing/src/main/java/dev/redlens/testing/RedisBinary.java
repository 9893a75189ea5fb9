package dev.redlens.testing;

import dev.redlens.launcher.RedisExecutable;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A {@code redis-server} executable and its version, as the fixtures name it: the launcher's {@link
 * RedisExecutable}. {@link #find()} takes, in order: the file named by the {@code
 * REDLENS_REDIS_SERVER} environment variable or {@code redlens.redis.server} system property (the
 * value {@code embedded} forces the embedded binary), the {@code redis-server} on the {@code PATH},
 * and the binary that the {@code com.github.codemonstur:embedded-redis} artifact ships (Redis 6.2).
 */
public final class RedisBinary {

  private final RedisExecutable executable;

  private RedisBinary(RedisExecutable executable) {
    this.executable = executable;
  }

  /** The binary the tests use by default (see the class comment). */
  public static RedisBinary find() {
    return new RedisBinary(RedisExecutable.find());
  }

  /** The {@code redis-server} on the {@code PATH}, if there is one. */
  public static Optional<RedisBinary> onPath() {
    return RedisExecutable.onPath().map(RedisBinary::new);
  }

  /** The Redis 6.2 binary of the embedded-redis artifact, extracted once per JVM. */
  public static RedisBinary embedded() {
    return new RedisBinary(RedisExecutable.embedded());
  }

  /** The launcher's view of this binary. */
  public RedisExecutable executable() {
    return executable;
  }

  public Path path() {
    return executable.path();
  }

  public int majorVersion() {
    return executable.majorVersion();
  }

  /** The version as {@code major.minor.patch}. */
  public String version() {
    return executable.version();
  }

  /** Whether this server is at least {@code major.minor}. */
  public boolean isAtLeast(int major, int minor) {
    return executable.isAtLeast(major, minor);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RedisBinary binary && binary.path().equals(path());
  }

  @Override
  public int hashCode() {
    return path().hashCode();
  }

  @Override
  public String toString() {
    return executable.toString();
  }
}
