package dev.redlens.core.pool;

import java.lang.ref.WeakReference;
import org.apache.commons.pool2.PooledObjectFactory;
import org.apache.commons.pool2.SwallowedExceptionListener;
import org.apache.commons.pool2.impl.GenericObjectPool;

/**
 * Registers a commons-pool2 {@link GenericObjectPool}: its state through {@link CommonsPoolState},
 * the exceptions it swallows (the evictor failing to create {@code minIdle} connections) through a
 * {@link SwallowedExceptionListener} that calls the one the pool had before, and, when the pool's
 * factory is an {@link InstrumentedPooledObjectFactory}, create and use times from the factory.
 * Only this class and the factory wrapper touch commons-pool2, so the rest of Redlens runs without
 * it.
 */
final class CommonsPools {

  private CommonsPools() {}

  public static PoolRegistration register(
      PoolInstruments instruments,
      GenericObjectPool<?> pool,
      String name,
      ConnectionErrorClassifier classifier) {
    Registration<GenericObjectPool<?>> registration =
        instruments.register(pool, CommonsPoolState.INSTANCE, name, classifier);
    if (registration.isClosed()) {
      return registration; // closed telemetry, or a closed pool: nothing to attach to
    }
    if (pool.getFactory() instanceof InstrumentedPooledObjectFactory<?> factory) {
      factory.bind(registration);
      registration.onClose(() -> factory.unbind(registration));
    }
    SwallowedExceptionListener previous = pool.getSwallowedExceptionListener();
    if (!(previous instanceof SwallowedExceptions)) {
      SwallowedExceptions listener = new SwallowedExceptions(registration, previous);
      pool.setSwallowedExceptionListener(listener);
      WeakReference<GenericObjectPool<?>> weakPool = new WeakReference<>(pool);
      registration.onClose(
          () -> {
            GenericObjectPool<?> current = weakPool.get();
            if (current != null && current.getSwallowedExceptionListener() == listener) {
              current.setSwallowedExceptionListener(previous);
            }
          });
    }
    return registration;
  }

  /** {@code factory} wrapped in an {@link InstrumentedPooledObjectFactory}, unless it is one. */
  public static <T> PooledObjectFactory<T> instrument(PooledObjectFactory<T> factory) {
    if (factory instanceof InstrumentedPooledObjectFactory<T>) {
      return factory;
    }
    return new InstrumentedPooledObjectFactory<>(factory);
  }

  /** Counts the connection errors among the exceptions the pool swallows, then hands them on. */
  static final class SwallowedExceptions implements SwallowedExceptionListener {

    private final Registration<?> registration;
    private final SwallowedExceptionListener next;

    SwallowedExceptions(Registration<?> registration, SwallowedExceptionListener next) {
      this.registration = registration;
      this.next = next;
    }

    @Override
    public void onSwallowException(Exception exception) {
      registration.recordFailure(exception, false);
      if (next != null) {
        next.onSwallowException(exception);
      }
    }
  }
}
