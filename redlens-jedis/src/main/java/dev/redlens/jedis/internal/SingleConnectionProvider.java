package dev.redlens.jedis.internal;

import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.providers.ConnectionProvider;

/**
 * Hands out the one pinned {@link TracedConnection} of a single-connection client (so that the
 * client's pipelines and transactions work on it too; Jedis's own single-connection client refuses
 * them). Closing the provider closes the connection; afterwards every command fails.
 */
public final class SingleConnectionProvider implements ConnectionProvider {

  private final TracedConnection connection;
  private final ConnectionTelemetry telemetry;
  private volatile boolean closed;

  public SingleConnectionProvider(TracedConnection connection, ConnectionTelemetry telemetry) {
    this.connection = connection;
    this.telemetry = telemetry;
  }

  @Override
  public Connection getConnection() {
    if (closed) {
      throw new JedisConnectionException("The Jedis client is closed");
    }
    return connection;
  }

  @Override
  public Connection getConnection(CommandArguments args) {
    try {
      return getConnection();
    } catch (RuntimeException e) {
      telemetry.recordUnsent(args, e);
      throw e;
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      connection.release();
    }
  }
}
