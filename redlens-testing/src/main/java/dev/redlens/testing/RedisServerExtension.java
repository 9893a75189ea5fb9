package dev.redlens.testing;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that owns one {@link RedisServer}. Registered on a static field it starts the
 * server before the first test of the class and stops it after the last; on an instance field,
 * around each test. Before every test the server is running (restarted if a test killed it),
 * unpaused and empty, so tests do not see each other's keys; it is stopped even when tests fail.
 *
 * <p>A per-class server stops when the class's extension context closes, after every extension's
 * after-all callback: an extension registered before this one (Spring's, through
 * {@code @SpringBootTest}) closes its application's connections while the server still answers.
 * Stopped first, the server would make each of the application's open Lettuce connections try to
 * reconnect and log "Cannot reconnect" once per connection.
 *
 * <pre>{@code
 * @RegisterExtension static final RedisServerExtension redis = RedisServerExtension.create();
 *
 * @Test void works() { RedisClient.create(redis.server().uri()) ... }
 * }</pre>
 */
public final class RedisServerExtension
    implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(RedisServerExtension.class);

  private final UnaryOperator<RedisServer.Builder> configuration;
  private RedisServer server;
  private boolean perTest;

  private RedisServerExtension(UnaryOperator<RedisServer.Builder> configuration) {
    this.configuration = configuration;
  }

  /** A server with the default configuration. */
  public static RedisServerExtension create() {
    return new RedisServerExtension(UnaryOperator.identity());
  }

  /**
   * A server configured by {@code configuration}, e.g. {@code b -> b.config("maxmemory", "1mb")}.
   */
  public static RedisServerExtension create(UnaryOperator<RedisServer.Builder> configuration) {
    return new RedisServerExtension(configuration);
  }

  /** The server (running during tests). */
  public RedisServer server() {
    if (server == null) {
      throw new IllegalStateException("the Redis server starts before the first test");
    }
    return server;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server = configuration.apply(RedisServer.builder()).start();
    // closed with the class's context, after all after-all callbacks (see the class comment)
    context.getStore(NAMESPACE).put(this, (AutoCloseable) this::stop);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (server == null) {
      perTest = true;
      server = configuration.apply(RedisServer.builder()).start();
      return;
    }
    if (!server.isRunning()) {
      server.restart();
    }
    try {
      server.call("CLIENT", "UNPAUSE");
    } catch (RuntimeException e) {
      // not paused, or a server without CLIENT UNPAUSE
    }
    server.call("FLUSHALL");
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (perTest) {
      stop();
    }
  }

  private void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
  }
}
