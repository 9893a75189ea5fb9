package dev.redlens.lettuce.internal;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.core.instrumentation.ClientScope;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.lang.reflect.Field;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The server a {@link RedisClient} talks to. Lettuce's command listener does not say which
 * connection a command went through, and {@code RedisClient} does not publish its default URI, so
 * it is read once, at instrumentation time, from the client's {@code redisURI} field; where that
 * fails (a future Lettuce), the telemetry simply carries no server attributes and says so once in
 * the log.
 */
public final class ClientEndpoint {

  private static final Logger LOG = Logger.getLogger(ClientEndpoint.class.getName());

  private ClientEndpoint() {}

  /** The client's default URI, or null when it cannot be read. */
  public static RedisURI defaultUri(RedisClient client) {
    try {
      Field field = RedisClient.class.getDeclaredField("redisURI");
      field.setAccessible(true);
      return (RedisURI) field.get(client);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "Redlens could not read the default RedisURI of the Lettuce client; its telemetry will carry no"
              + " server.address/server.port. Use LettuceTelemetry.instrument(client, uri) to give it.",
          e);
      return null;
    }
  }

  /**
   * The telemetry scope of {@code uri} (host, port, database), or a scope without a server when
   * null.
   */
  public static ClientScope scope(RedisTelemetry telemetry, RedisURI uri) {
    if (uri == null) {
      return telemetry.scope(null, -1, 0);
    }
    String host = uri.getHost();
    if (host == null && uri.getSocket() != null) {
      host = uri.getSocket();
    }
    int port = uri.getSocket() != null ? -1 : uri.getPort();
    return telemetry.scope(host, port, uri.getDatabase());
  }
}
