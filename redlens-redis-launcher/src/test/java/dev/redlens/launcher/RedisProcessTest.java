package dev.redlens.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The launcher on its own: loopback only, never 6379, bus port free, stop is final. */
class RedisProcessTest {

  @Test
  void freePortsAreNever6379AndLeaveTheirBusPortFree() {
    for (int i = 0; i < 200; i++) {
      int port = LoopbackPort.free();
      assertThat(port).isNotEqualTo(LoopbackPort.CONVENTIONAL_REDIS_PORT).isBetween(1025, 55_535);
    }
    assertThat(LoopbackPort.usable(LoopbackPort.CONVENTIONAL_REDIS_PORT)).isFalse();
    assertThat(LoopbackPort.usable(60_000)).isFalse(); // its bus port would not exist
  }

  @Test
  void startsBoundToLoopbackOnlyAndStopsForGood() throws Exception {
    RedisProcess redis =
        RedisProcess.builder(RedisExecutable.find()).directive("bind", "0.0.0.0").start();
    try (RespConnection connection = new RespConnection(redis.host(), redis.port(), 5_000)) {
      assertThat(connection.call("CONFIG", "GET", "bind")).isEqualTo(List.of("bind", "127.0.0.1"));
      assertThat(connection.call("CONFIG", "GET", "save")).isEqualTo(List.of("save", ""));
    }
    assertThat(redis.uri()).isEqualTo("redis://127.0.0.1:" + redis.port());
    long pid = redis.pid();
    redis.close();
    redis.close();
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(redis.isRunning()).isFalse();
  }

  @Test
  void theEmbeddedBinaryRunsWhereverThePathHasNone() throws Exception {
    RedisExecutable embedded = RedisExecutable.embedded();
    assertThat(embedded.isAtLeast(6, 2)).isTrue();
    try (RedisProcess redis = RedisProcess.builder(embedded).password("s3cret").start();
        RespConnection connection = new RespConnection(redis.host(), redis.port(), 5_000)) {
      assertThat(connection.call("AUTH", "s3cret")).isEqualTo("OK");
      assertThat(connection.call("PING")).isEqualTo("PONG");
    }
  }
}
