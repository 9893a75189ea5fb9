package dev.redlens.lettuce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.testing.InMemoryTelemetry;
import dev.redlens.testing.RedisServer;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Commands that never reach a connection: rejected while disconnected, or buffered while
 * disconnected until their caller's timeout. The caller gets its error; Redlens's Lettuce hook (the
 * channel handler) never sees such a command, and no hook that does is free for the commands that
 * are written (docs/architecture.md, "Commands that are never written"): these tests pin what is
 * and is not recorded, so that a change of it is a decision, not an accident.
 */
class LettuceUnwrittenCommandTest {

  private final InMemoryTelemetry otel = new InMemoryTelemetry();
  private RedisTelemetry telemetry;
  private ClientResources resources;
  private RedisServer server;

  @BeforeEach
  void start() {
    telemetry = RedisTelemetry.create(otel.openTelemetry());
    resources = LettuceTelemetry.create(telemetry).configure(ClientResources.builder()).build();
    server = RedisServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
    resources.shutdown(0, 2, TimeUnit.SECONDS);
    telemetry.close();
    otel.close();
  }

  private StatefulRedisConnection<String, String> connect(
      RedisClient client, ClientOptions.DisconnectedBehavior behavior) {
    client.setOptions(ClientOptions.builder().disconnectedBehavior(behavior).build());
    StatefulRedisConnection<String, String> connection = client.connect();
    connection.sync().set("k", "v");
    server.kill();
    await().until(() -> !connection.isOpen());
    otel.reset();
    return connection;
  }

  @Test
  void aCommandRejectedWhileDisconnectedFailsItsCallerAndIsNotRecorded() {
    RedisClient client = RedisClient.create(resources, RedisURI.create(server.uri()));
    try (StatefulRedisConnection<String, String> connection =
        connect(client, ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)) {
      assertThatThrownBy(() -> connection.sync().get("k"))
          .isInstanceOf(RedisException.class)
          .hasMessageContaining("not connected");
      assertThat(otel.finishedSpans()).isEmpty();
      assertThat(otel.durationCount("GET")).isZero();
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  @Test
  void aCommandBufferedUntilItsTimeoutFailsItsCallerAndIsNotRecordedWhileOneWrittenIs() {
    RedisURI uri = RedisURI.create(server.uri());
    uri.setTimeout(Duration.ofMillis(300));
    RedisClient client = RedisClient.create(resources, uri);
    try (StatefulRedisConnection<String, String> connection =
        connect(client, ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)) {
      assertThatThrownBy(() -> connection.sync().get("k"))
          .isInstanceOf(RedisCommandTimeoutException.class);
      assertThat(otel.finishedSpans()).isEmpty();
      assertThat(otel.errorCount("timeout", null)).isZero();

      // the same timeout once the command was written (server back, then paused) is recorded
      server.restart();
      await().atMost(Duration.ofSeconds(10)).until(connection::isOpen);
      connection.sync().ping(); // reconnected and flushed
      server.execute("CLIENT", "PAUSE", "1000");
      assertThatThrownBy(() -> connection.sync().get("k"))
          .isInstanceOf(RedisCommandTimeoutException.class);
      await().until(() -> otel.errorCount("timeout", null) == 1);
      assertThat(otel.spans("GET")).hasSize(1);
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }
}
