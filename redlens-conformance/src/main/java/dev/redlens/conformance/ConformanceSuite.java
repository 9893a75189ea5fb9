package dev.redlens.conformance;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.testing.InMemoryTelemetry;
import dev.redlens.testing.RedisServerExtension;
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
    client = open(telemetry, redis.server().uri());
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
