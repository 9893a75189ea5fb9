package dev.redlens.lettuce;

import static dev.redlens.core.RedlensSemconv.*;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.testing.InMemoryTelemetry;
import dev.redlens.testing.RedisServerExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What only Lettuce has, against a real redis-server: its asynchronous and reactive APIs, caller
 * cancellation, connections closed under a pending command, and learning commands from the server.
 * Everything both clients share (span attributes, categories, hits and misses, errors, timeouts,
 * pipelines, transactions, credential masking, a failing backend) is in the conformance suites:
 * {@link LettuceCommandTelemetryTest} and {@link LettuceFailureTelemetryTest}.
 */
class LettuceTelemetryTest {

  @RegisterExtension static final RedisServerExtension redis = RedisServerExtension.create();

  private final InMemoryTelemetry otel = new InMemoryTelemetry();
  private RedisTelemetry telemetry;
  private ClientResources resources;
  private RedisClient client;
  private StatefulRedisConnection<String, String> connection;
  private RedisCommands<String, String> sync;

  @BeforeEach
  void connect() {
    telemetry = RedisTelemetry.create(otel.openTelemetry());
    resources = LettuceTelemetry.create(telemetry).configure(ClientResources.builder()).build();
    client = RedisClient.create(resources, redis.server().uri());
    connection = client.connect();
    sync = connection.sync();
    otel.reset(); // the connection handshake (HELLO, CLIENT SETINFO) is not what the tests look at
  }

  @AfterEach
  void close() {
    connection.close();
    client.shutdown();
    resources.shutdown();
    telemetry.close();
    otel.close();
  }

  @Test
  void anAsyncCommandCancelledByItsCallerEndsAsCancelledAtOnce() {
    var blocked = connection.async().blpop(0, "never-filled");
    blocked.cancel(true);

    SpanData span =
        otel.span("BLPOP"); // ended by the cancellation, not by a reply that never comes
    assertThat(span).hasAttributesSatisfying(equalTo(ERROR_TYPE, "cancelled"));
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(otel.errorCount("cancelled", null)).isEqualTo(1);
  }

  @Test
  void theSpansParentIsTheCallersCurrentContextWithoutAnAgent() throws Exception {
    Span parent = otel.openTelemetry().getTracer("test").spanBuilder("request").startSpan();
    try (Scope ignored = parent.makeCurrent()) {
      sync.get("sync");
      connection.async().get("async").get(5, TimeUnit.SECONDS);
      connection.reactive().get("reactive").block(Duration.ofSeconds(5));
    }
    parent.end();
    assertThat(otel.awaitSpans("GET", 3))
        .hasSize(3)
        .allSatisfy(
            s -> assertThat(s.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId()));
  }

  @Test
  void aCommandThatNeverCompletesEndsWhenItsConnectionCloses() {
    try (Instrumented lettuce = new Instrumented(telemetry, redis.server().uri())) {
      lettuce.connection.async().blpop(0, "forever"); // blocks until the connection goes
      await().until(() -> redis.server().execute("CLIENT", "LIST").contains("cmd=blpop"));
      lettuce.connection.close();
    }
    await().until(() -> !otel.spans("BLPOP").isEmpty());
    assertThat(otel.span("BLPOP").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  @Test
  void commandsUnknownToTheCatalogAreLearnedFromTheServer() {
    try (RedisTelemetry blank =
            RedisTelemetry.builder(otel.openTelemetry())
                .setCommandCatalog(dev.redlens.core.catalog.CommandCatalog.empty())
                .build();
        Instrumented lettuce = new Instrumented(blank, redis.server().uri())) {
      lettuce.sync.set("k", "v");
      otel.span("SET"); // ended
      assertThat(blank.snapshot().command("SET").category())
          .isEqualTo(dev.redlens.core.catalog.CommandCategory.OTHER);

      await().atMost(Duration.ofSeconds(10)).until(() -> blank.catalog().find("SET") != null);
      otel.reset();
      lettuce.sync.set("k", "v2");
      assertThat(otel.span("SET").getAttributes().get(REDIS_COMMAND_CATEGORY)).isEqualTo("write");
      assertThat(otel.span("SET").getAttributes().get(REDIS_KEY_COUNT)).isEqualTo(1L);
    }
  }

  /**
   * A second instrumented client and connection for a test that needs its own server or settings.
   */
  static final class Instrumented implements AutoCloseable {
    final ClientResources resources;
    final RedisClient client;
    final StatefulRedisConnection<String, String> connection;
    final RedisCommands<String, String> sync;

    Instrumented(RedisTelemetry telemetry, String uri) {
      resources = LettuceTelemetry.create(telemetry).configure(ClientResources.builder()).build();
      client = RedisClient.create(resources, uri);
      connection = client.connect();
      sync = connection.sync();
    }

    @Override
    public void close() {
      connection.close();
      client.shutdown();
      resources.shutdown();
    }
  }
}
