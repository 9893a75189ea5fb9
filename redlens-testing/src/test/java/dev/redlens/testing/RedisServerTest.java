package dev.redlens.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redlens.testing.internal.RespConnection;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The fixture itself: real processes on free ports, configured, killed, restarted, replicated,
 * never left behind.
 */
class RedisServerTest {

  @Test
  void startsOnAFreePortOtherThan6379AndAnswers() {
    try (RedisServer redis = RedisServer.start()) {
      assertThat(redis.port()).isNotEqualTo(6379);
      assertThat(redis.execute("PING")).isEqualTo("PONG");
      assertThat(redis.execute("CONFIG", "GET", "port")).isEqualTo("port\n" + redis.port());
      assertThat(redis.uri()).isEqualTo("redis://127.0.0.1:" + redis.port());
    }
  }

  @Test
  void closeStopsTheProcessAndIsIdempotent() {
    RedisServer redis = RedisServer.start();
    long pid = redis.pid();
    assertThat(ProcessHandle.of(pid)).isPresent();
    redis.close();
    redis.close();
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(RedisServer.running()).doesNotContain(redis);
  }

  @Test
  void passesExtraConfiguration() {
    try (RedisServer redis =
        RedisServer.builder()
            .config("maxmemory", "1mb")
            .config("maxmemory-policy", "noeviction")
            .start()) {
      assertThat(redis.execute("CONFIG", "GET", "maxmemory")).isEqualTo("maxmemory\n1048576");
      assertThat(redis.execute("CONFIG", "GET", "maxmemory-policy"))
          .isEqualTo("maxmemory-policy\nnoeviction");
    }
  }

  @Test
  void aPasswordIsRequiredFromOthersAndUsedByTheFixture() throws Exception {
    try (RedisServer redis = RedisServer.builder().password("pw-123").start()) {
      assertThat(redis.execute("PING")).isEqualTo("PONG");
      assertThat(redis.uriWithPassword()).isEqualTo("redis://:pw-123@127.0.0.1:" + redis.port());
      try (RespConnection anonymous = new RespConnection(redis.host(), redis.port(), 2_000)) {
        assertThatThrownBy(() -> anonymous.call("GET", "k")).hasMessageStartingWith("NOAUTH");
      }
    }
  }

  @Test
  void killedMidTestAndRestartedOnTheSamePort() {
    try (RedisServer redis = RedisServer.start()) {
      int port = redis.port();
      long pid = redis.pid();
      redis.kill();
      assertThat(redis.isRunning()).isFalse();
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      assertThatThrownBy(() -> redis.execute("PING")).isInstanceOf(RuntimeException.class);

      redis.restart();
      assertThat(redis.port()).isEqualTo(port);
      assertThat(redis.pid()).isNotEqualTo(pid);
      assertThat(redis.execute("PING")).isEqualTo("PONG");
    }
  }

  @Test
  void startsAReplicaThatFollowsItsPrimary() {
    try (RedisServer primary = RedisServer.builder().password("primary-pw").start();
        RedisServer replica = RedisServer.builder().replicaOf(primary).start()) {
      replica.awaitReplicationLink(Duration.ofSeconds(20));
      primary.execute("SET", "replicated", "yes");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!"yes".equals(replica.execute("GET", "replicated")) && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(replica.execute("GET", "replicated")).isEqualTo("yes");
      assertThat(replica.info("replication")).contains("role:slave");
    }
  }

  @Test
  void aBadConfigurationFailsWithTheServersOwnMessage() {
    assertThatThrownBy(() -> RedisServer.builder().config("no-such-directive", "1").start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no-such-directive");
  }

  @Test
  void theEmbeddedBinaryIsRedis62AndRuns() {
    RedisBinary embedded = RedisBinary.embedded();
    assertThat(embedded.version()).startsWith("6.2.");
    try (RedisServer redis = RedisServer.builder().binary(embedded).start()) {
      assertThat(redis.info("server")).contains("redis_version:6.2.");
    }
  }

  @Test
  void aServerDoesNotOutliveAJvmThatIsKilled() throws Exception {
    String classpath = System.getProperty("java.class.path");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child =
        new ProcessBuilder(java.toString(), "-cp", classpath, StartAndWait.class.getName())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    long pid;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      pid = Long.parseLong(out.readLine().trim());
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isTrue();
      child.destroyForcibly(); // SIGKILL: no shutdown hook runs
      child.waitFor(10, TimeUnit.SECONDS);
    }
    ProcessHandle handle = ProcessHandle.of(pid).orElse(null);
    if (handle != null) {
      handle.onExit().get(10, TimeUnit.SECONDS);
    }
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  /**
   * The child JVM of {@link #aServerDoesNotOutliveAJvmThatIsKilled}: starts a server, prints its
   * pid, waits.
   */
  public static final class StartAndWait {
    public static void main(String[] args) throws Exception {
      RedisServer redis = RedisServer.start();
      System.out.println(redis.pid());
      System.out.flush();
      Thread.sleep(60_000);
      redis.close();
    }
  }

  @Test
  void binaryLookupPrefersThePath() {
    List<String> path = List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator));
    boolean installed = path.stream().anyMatch(d -> new File(d, "redis-server").canExecute());
    assertThat(RedisBinary.onPath().isPresent()).isEqualTo(installed);
    if (installed
        && System.getProperty("redlens.redis.server") == null
        && System.getenv("REDLENS_REDIS_SERVER") == null) {
      assertThat(RedisBinary.find().path()).isEqualTo(RedisBinary.onPath().orElseThrow().path());
    }
  }
}
