package dev.redlens.jedis.internal;

import dev.redlens.core.pool.PoolRegistration;
import dev.redlens.core.pool.PoolTelemetry;
import org.apache.commons.pool2.PooledObjectFactory;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.providers.PooledConnectionProvider;

/**
 * Jedis's pooled connection provider, whose pool makes {@link TracedConnection}s and is registered
 * with {@link PoolTelemetry} ({@code db.client.connection.*}):
 *
 * <ul>
 *   <li>the pool is built on {@code pools.instrument(factory)} (create and use times, creation
 *       failures) and registered under its name; the registration ends when the provider (its
 *       client) is closed;
 *   <li>every borrow goes through the registration: its wait time, an exhausted pool or an elapsed
 *       {@code maxWait} (Jedis wraps commons-pool2's cause-less {@code NoSuchElementException} in a
 *       {@code JedisException}: a timeout) and connection errors;
 *   <li>a command that gets no connection at all (the server is down, the pool is exhausted) is
 *       recorded as an operation ending with that failure: the command never reaches a connection,
 *       but the application saw it fail.
 * </ul>
 */
public final class TracedPooledConnectionProvider extends PooledConnectionProvider {

  private final ConnectionTelemetry telemetry;
  private final PoolRegistration registration;

  public TracedPooledConnectionProvider(
      PooledObjectFactory<Connection> factory,
      GenericObjectPoolConfig<Connection> poolConfig,
      ConnectionTelemetry telemetry,
      PoolTelemetry pools,
      String poolName) {
    super(pools.instrument(factory), poolConfig);
    this.telemetry = telemetry;
    this.registration = pools.register(getPool(), poolName);
    telemetry.bindPool(registration);
  }

  /**
   * The pool's registration (its name is the pool name on the metrics, made unique among live
   * pools).
   */
  public PoolRegistration registration() {
    return registration;
  }

  @Override
  public Connection getConnection() {
    return registration.borrow(super::getConnection); // pipelines, transactions
  }

  @Override
  public Connection getConnection(CommandArguments args) {
    try {
      return registration.borrow(() -> super.getConnection(args));
    } catch (RuntimeException e) {
      telemetry.recordUnsent(args, e);
      throw e;
    }
  }

  @Override
  public void close() {
    try {
      super.close();
    } finally {
      registration.close();
    }
  }
}
