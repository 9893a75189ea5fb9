package dev.redlens.jedis.internal;

import org.apache.commons.pool2.PooledObjectFactory;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.providers.PooledConnectionProvider;

/**
 * Jedis's pooled connection provider, whose pool makes {@link TracedConnection}s, and which records a command
 * that gets no connection at all (the server is down, the pool is exhausted) as an operation ending with that
 * failure: the command never reaches a connection, but the application saw it fail.
 */
public final class TracedPooledConnectionProvider extends PooledConnectionProvider {

  private final ConnectionTelemetry telemetry;

  public TracedPooledConnectionProvider(
      PooledObjectFactory<Connection> factory,
      GenericObjectPoolConfig<Connection> poolConfig,
      ConnectionTelemetry telemetry) {
    super(factory, poolConfig);
    this.telemetry = telemetry;
  }

  @Override
  public Connection getConnection(CommandArguments args) {
    try {
      return super.getConnection(args);
    } catch (RuntimeException e) {
      telemetry.recordUnsent(args, e);
      throw e;
    }
  }
}
