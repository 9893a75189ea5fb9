package dev.redlens.service.internal.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.testing.InMemoryTelemetry;
import dev.redlens.testing.RedisServer;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A connection that fails mid-request is Redis being unavailable (503), not a bug (500): issue 12,
 * item 4 ({@code RedisException: Connection reset} in the memory endpoint's project scan). The
 * message says what happened in the service's words.
 */
class RedisConnectorFailuresTest {

  static RedisServer redis;
  static InMemoryTelemetry otel;
  static RedisTelemetry telemetry;
  static RedisConnector connector;

  @BeforeAll
  static void start() {
    redis = RedisServer.start();
    otel = new InMemoryTelemetry();
    telemetry = RedisTelemetry.create(otel.openTelemetry());
    connector =
        new RedisConnector(redis.uri(), telemetry, 2, Duration.ofSeconds(2), Duration.ofSeconds(5));
  }

  @AfterAll
  static void stop() {
    connector.close();
    telemetry.close();
    otel.close();
    redis.close();
  }

  @Test
  void aConnectionResetMidRequestIsUnavailableNotABug() {
    var keyspace = connector.keyspace(UUID.randomUUID());
    assertThatThrownBy(
            () ->
                connector.withProjectCommands(
                    keyspace,
                    sync -> {
                      sync.set("k", "v");
                      throw new RedisException(
                          "Connection reset", new IOException("Connection reset by peer"));
                    }))
        .isInstanceOf(RedisUnavailableException.class)
        .hasMessageContaining("closed or reset")
        .hasMessageNotContaining("Exception");
    assertThatThrownBy(
            () ->
                connector.withAdmin(
                    connection -> {
                      throw new RedisException("RedisHandshakeHandler not registered");
                    }))
        .isInstanceOf(RedisUnavailableException.class)
        .hasMessageNotContaining("Handler");
  }

  @Test
  void anErrorReplyStaysAnErrorReply() {
    var keyspace = connector.keyspace(UUID.randomUUID());
    assertThatThrownBy(
            () ->
                connector.withProjectCommands(
                    keyspace,
                    sync -> {
                      sync.set("s", "text");
                      return sync.incr("s");
                    }))
        .isInstanceOf(RedisCommandExecutionException.class);
  }

  @Test
  void aRefusedPasswordIsUnavailableAndSaysSo() {
    String described =
        RedisFailures.describe(
            "redis://127.0.0.1:1",
            new RedisException(
                "x",
                new RedisCommandExecutionException("WRONGPASS invalid username-password pair")));
    assertThat(described).contains("refused the service's credentials (WRONGPASS)");
  }
}
