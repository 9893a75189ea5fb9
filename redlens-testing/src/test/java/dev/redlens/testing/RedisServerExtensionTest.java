package dev.redlens.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The extension gives every test a running, empty server, even after a test killed it or left keys
 * behind.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisServerExtensionTest {

  @RegisterExtension static final RedisServerExtension redis = RedisServerExtension.create();

  private static int port;

  @Test
  @Order(1)
  void aTestLeavesKeysAndKillsTheServer() {
    port = redis.server().port();
    redis.server().execute("SET", "left-behind", "1");
    redis.server().kill();
    assertThat(redis.server().isRunning()).isFalse();
  }

  @Test
  @Order(2)
  void theNextTestGetsItRunningAndEmptyOnTheSamePort() {
    assertThat(redis.server().isRunning()).isTrue();
    assertThat(redis.server().port()).isEqualTo(port);
    assertThat(redis.server().execute("DBSIZE")).isEqualTo("0");
  }
}
