package dev.redlens.core.pool;

import dev.redlens.core.RedlensSemconv;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.Meter;
import java.util.List;
import java.util.Objects;
import org.apache.commons.pool2.PooledObjectFactory;
import org.apache.commons.pool2.impl.GenericObjectPool;

/**
 * Metrics of connection pools, named as the semantic conventions name them: {@code
 * db.client.connection.count} ({@code db.client.connection.state} = {@code idle}/{@code used}),
 * {@code .max}, {@code .idle.max}, {@code .idle.min}, {@code .pending_requests}, {@code .timeouts},
 * {@code .create_time}, {@code .wait_time}, {@code .use_time}, each with {@code
 * db.client.connection.pool.name}, plus {@code redis.client.connection.errors} by {@code
 * error.type} ({@code connect}, {@code timeout}, {@code closed}, {@code auth}).
 *
 * <pre>{@code
 * PoolTelemetry pools = telemetry.pools();
 * PoolRegistration registration = pools.register(pool, PoolTelemetry.defaultName("10.0.0.5", 6379, 0));
 * Connection c = registration.borrow(pool::borrowObject);   // wait time, timeouts, connection errors
 * List<PoolSnapshot> status = pools.snapshot();             // for a pool status endpoint
 * }</pre>
 *
 * <p>Pools are held weakly: a pool that is closed or garbage-collected disappears from the metrics
 * (its points are absent, not zero) and from {@link #snapshot()}. One batch callback observes every
 * registered pool; registering a pool creates no instrument. The commons-pool2 methods need
 * commons-pool2 on the class path (an optional dependency of Redlens); {@link #registerPool(Object,
 * PoolStateSource, String, ConnectionErrorClassifier)} does not.
 */
public final class PoolTelemetry implements AutoCloseable {

  private final PoolInstruments instruments;

  private PoolTelemetry(Meter meter) {
    this.instruments = new PoolInstruments(meter);
  }

  /**
   * Pool telemetry on {@code meter}. Applications use {@link
   * dev.redlens.core.RedisTelemetry#pools()}, which shares the meter of its command telemetry; this
   * is for integrations and for pools without one.
   */
  public static PoolTelemetry create(Meter meter) {
    return new PoolTelemetry(Objects.requireNonNull(meter, "meter"));
  }

  /**
   * Pool telemetry on the {@value RedlensSemconv#INSTRUMENTATION_SCOPE} meter of {@code
   * openTelemetry}.
   */
  public static PoolTelemetry create(OpenTelemetry openTelemetry) {
    Objects.requireNonNull(openTelemetry, "openTelemetry");
    return create(openTelemetry.getMeter(RedlensSemconv.INSTRUMENTATION_SCOPE));
  }

  /**
   * The default pool name of the semantic conventions' recommendation for Redis: {@code
   * host:port/db} ({@code 10.0.0.5:6379/0}); without a port (a Unix socket) {@code path/db}.
   */
  public static String defaultName(String host, int port, long database) {
    String server = host == null ? "unknown" : host;
    return (port > 0 ? server + ":" + port : server) + "/" + database;
  }

  /**
   * Registers a commons-pool2 pool (Jedis's {@code JedisPool}/{@code ConnectionPool}, Lettuce's
   * {@code ConnectionPoolSupport} pools) with the {@linkplain ConnectionErrorClassifier#standard()
   * standard} error classifier.
   *
   * @param name the pool name, unique in the application; integrations pass {@link #defaultName} by
   *     default
   */
  public PoolRegistration register(GenericObjectPool<?> pool, String name) {
    return register(pool, name, ConnectionErrorClassifier.standard());
  }

  /**
   * Registers a commons-pool2 pool. Its state (used, idle, limits, waiters) is read from the pool
   * at each collection; connections that fail validation on borrow count as {@code closed} errors;
   * exceptions the pool swallows (its evictor failing to open {@code minIdle} connections) are
   * classified with {@code classifier} (the pool's previous {@code SwallowedExceptionListener}
   * still gets them). When the pool's factory came from {@link #instrument(PooledObjectFactory)},
   * create and use times and creation failures are recorded too. Registering the same live pool
   * again returns its registration; a name already taken by a live pool gets {@code #2}, {@code
   * #3}… appended.
   */
  public PoolRegistration register(
      GenericObjectPool<?> pool, String name, ConnectionErrorClassifier classifier) {
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(classifier, "classifier");
    return CommonsPools.register(instruments, pool, name, classifier);
  }

  /**
   * Registers any pool whose state {@code source} can read (Lettuce's {@code BoundedAsyncPool}, a
   * pool of another client). The pool is held weakly and handed to {@code source} at each
   * collection. (Not an overload of {@code register}: calling it compiles without commons-pool2 on
   * the class path.)
   */
  public <P> PoolRegistration registerPool(
      P pool,
      PoolStateSource<? super P> source,
      String name,
      ConnectionErrorClassifier classifier) {
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(classifier, "classifier");
    return instruments.register(pool, source, name, classifier);
  }

  /**
   * Wraps a commons-pool2 factory so that the pool built on it reports {@code
   * db.client.connection.create_time} and {@code db.client.connection.use_time} and counts failures
   * to create connections, once the pool is {@linkplain #register(GenericObjectPool, String)
   * registered}: build the pool on the returned factory, then register it.
   */
  public <T> PooledObjectFactory<T> instrument(PooledObjectFactory<T> factory) {
    Objects.requireNonNull(factory, "factory");
    return CommonsPools.instrument(
        factory); // here, no commons-pool2 type but in signatures (optional dependency)
  }

  /** The state of every live registered pool now, in registration order. */
  public List<PoolSnapshot> snapshot() {
    return instruments.snapshot();
  }

  /** Ends every registration and stops the pool instruments. Idempotent. */
  @Override
  public void close() {
    instruments.close();
  }
}
