package dev.redlens.conformance;

import static dev.redlens.core.RedlensSemconv.DB_OPERATION_NAME;
import static dev.redlens.core.RedlensSemconv.ERROR_TYPE;
import static dev.redlens.core.RedlensSemconv.METRIC_OPERATION_DURATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.testing.InMemoryTelemetry;
import dev.redlens.testing.RedisServer;
import dev.redlens.testing.RedisServerExtension;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What every suite shares: a real redis-server (flushed before each test), the real OpenTelemetry
 * SDK with in-memory export, a {@link RedisTelemetry} on it, and one instrumented client of the
 * integration under test. A client integration subclasses each suite and implements {@link
 * #connect}.
 */
public abstract class ConformanceSuite {

  /**
   * The command timeout of clients opened without one: long enough for every command of the suites.
   */
  protected static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  @RegisterExtension
  protected static final RedisServerExtension redis = RedisServerExtension.create();

  protected final InMemoryTelemetry otel = new InMemoryTelemetry();
  protected RedisTelemetry telemetry;
  protected RedisDriver client;

  /**
   * An instrumented client of the integration under test, reporting to {@code telemetry}.
   *
   * @param uri {@code redis://[:password@]host:port}
   * @param commandTimeout how long a command may wait for its reply before it fails as a timeout
   *     (Lettuce: the command timeout; Jedis: the socket timeout)
   */
  protected abstract RedisDriver connect(
      RedisTelemetry telemetry, String uri, Duration commandTimeout);

  @BeforeEach
  void openClient() {
    telemetry = RedisTelemetry.create(otel.openTelemetry());
    client = open(telemetry, server().uri());
    otel.reset();
  }

  @AfterEach
  void closeClient() {
    try {
      client.close();
    } finally {
      telemetry.close();
      otel.close();
    }
  }

  /**
   * The server the client under test talks to: the suites' own standalone server ({@link #redis},
   * flushed before each test), or, for a topology's driver, the node its commands reach (a
   * Sentinel-monitored master). Assertions name its address and port.
   */
  protected RedisServer server() {
    return redis.server();
  }

  /** Where the client under test legitimately differs from a plain one. */
  protected ClientTraits traits() {
    return client.traits();
  }

  /**
   * Sends a command that a project-scoped client refuses (server administration, credentials): its
   * reply, or, when {@code driver} refuses it, null after checking that it threw. Either way the
   * command is recorded as an operation.
   */
  protected static Object commandOrRefusal(RedisDriver driver, String... commandAndArguments) {
    if (driver.traits().refuses(commandAndArguments)) {
      assertThatThrownBy(() -> driver.command(commandAndArguments))
          .isInstanceOf(RuntimeException.class);
      return null;
    }
    return driver.command(commandAndArguments);
  }

  /**
   * The failed {@code command} is classified {@code errorType} everywhere: its span (status ERROR),
   * a duration point carrying it, and {@code redis.client.operation.errors}.
   */
  protected void assertClassified(String command, String errorType) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(otel.spans(command)).as("an ended %s span", command).isNotEmpty());
    SpanData span = otel.spans(command).get(otel.spans(command).size() - 1);
    assertThat(span.getAttributes().get(ERROR_TYPE)).as("span error.type").isEqualTo(errorType);
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(
            otel.metric(METRIC_OPERATION_DURATION).getHistogramData().getPoints().stream()
                .filter(p -> command.equals(p.getAttributes().get(DB_OPERATION_NAME)))
                .filter(p -> errorType.equals(p.getAttributes().get(ERROR_TYPE)))
                .mapToLong(p -> p.getCount())
                .sum())
        .as("duration points of %s with error.type=%s", command, errorType)
        .isPositive();
    assertThat(otel.errorCount(errorType, null))
        .as("redis.client.operation.errors{error.type=%s}", errorType)
        .isPositive();
  }

  /** {@link #connect} with the default timeout. */
  protected RedisDriver open(RedisTelemetry telemetry, String uri) {
    return open(telemetry, uri, DEFAULT_TIMEOUT);
  }

  /**
   * {@link #connect}, then one command ({@code ECHO}) so that the connection and its handshake
   * (HELLO, AUTH, CLIENT SETINFO…: the clients differ there) are done before the test looks at the
   * telemetry.
   */
  protected RedisDriver open(RedisTelemetry telemetry, String uri, Duration commandTimeout) {
    RedisDriver driver = connect(telemetry, uri, commandTimeout);
    driver.command("ECHO", "redlens-warm-up");
    return driver;
  }
}
