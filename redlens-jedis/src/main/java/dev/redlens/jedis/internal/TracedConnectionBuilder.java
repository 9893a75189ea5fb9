package dev.redlens.jedis.internal;

import redis.clients.jedis.Connection;

/**
 * Builds {@link TracedConnection}s for Jedis 7.0 and later, whose {@code ConnectionFactory} takes a
 * {@link Connection.Builder} (see {@link JedisConnections}; never loaded on Jedis 6, which has no
 * such class).
 */
final class TracedConnectionBuilder extends Connection.Builder {
  private final ConnectionTelemetry telemetry;
  private final boolean pinned;

  TracedConnectionBuilder(ConnectionTelemetry telemetry, boolean pinned) {
    this.telemetry = telemetry;
    this.pinned = pinned;
  }

  /** Jedis 7.1+: {@code build()} and the pool's factory make connections here. */
  @Override
  protected Connection createConnection() {
    return new TracedConnection(this, telemetry, pinned);
  }

  /**
   * What Jedis 7.1+'s own {@code build()} does through {@link #createConnection()}, which Jedis 7.0
   * lacks (its {@code build()}, which its pool's factory calls, makes a plain connection).
   */
  @Override
  public Connection build() {
    TracedConnection connection = buildUnconnected();
    connection.initialize();
    return connection;
  }

  /**
   * A connection that is not connected yet: a pinned connection connects (with its handshake) on
   * its first command.
   */
  TracedConnection buildUnconnected() {
    return new TracedConnection(this, telemetry, pinned);
  }
}
