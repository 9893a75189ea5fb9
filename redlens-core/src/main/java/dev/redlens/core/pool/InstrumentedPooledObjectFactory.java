package dev.redlens.core.pool;

import java.util.Objects;
import org.apache.commons.pool2.DestroyMode;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.PooledObjectFactory;
import org.apache.commons.pool2.PooledObjectState;

/**
 * A commons-pool2 factory that measures what only the factory sees: the time to create a connection
 * ({@code db.client.connection.create_time}), creation failures (classified as connection errors),
 * and the time each connection was in use ({@code db.client.connection.use_time}, from the pool's
 * own borrow instant to the return, read when the pool passivates a returning connection). It
 * reports to the registration of the pool that uses it, once that pool is registered; before, it
 * only delegates.
 */
final class InstrumentedPooledObjectFactory<T> implements PooledObjectFactory<T> {

  private final PooledObjectFactory<T> delegate;
  private volatile Registration<?> registration;

  public InstrumentedPooledObjectFactory(PooledObjectFactory<T> delegate) {
    this.delegate = Objects.requireNonNull(delegate, "factory");
  }

  /** The factory this one measures. */
  public PooledObjectFactory<T> delegate() {
    return delegate;
  }

  void bind(Registration<?> registration) {
    this.registration = registration;
  }

  void unbind(Registration<?> registration) {
    if (this.registration == registration) {
      this.registration = null;
    }
  }

  @Override
  public PooledObject<T> makeObject() throws Exception {
    Registration<?> target = registration;
    if (target == null) {
      return delegate.makeObject();
    }
    long start = System.nanoTime();
    PooledObject<T> created;
    try {
      created = delegate.makeObject();
    } catch (Exception | Error e) {
      target.recordCreateFailure(e);
      throw e;
    }
    target.recordCreateTime(System.nanoTime() - start);
    return created;
  }

  @Override
  public void passivateObject(PooledObject<T> pooled) throws Exception {
    Registration<?> target = registration;
    if (target != null && pooled.getState() == PooledObjectState.RETURNING) {
      // a connection coming back from use (not a new idle one the pool adds): the same active time
      // the
      // pool's own statistics use, from the borrow instant to now
      target.recordUseTime(pooled.getActiveDuration().toNanos());
    }
    delegate.passivateObject(pooled);
  }

  @Override
  public void activateObject(PooledObject<T> pooled) throws Exception {
    delegate.activateObject(pooled);
  }

  @Override
  public boolean validateObject(PooledObject<T> pooled) {
    return delegate.validateObject(pooled);
  }

  @Override
  public void destroyObject(PooledObject<T> pooled) throws Exception {
    delegate.destroyObject(pooled);
  }

  @Override
  public void destroyObject(PooledObject<T> pooled, DestroyMode mode) throws Exception {
    delegate.destroyObject(pooled, mode);
  }

  @Override
  public String toString() {
    return "InstrumentedPooledObjectFactory[" + delegate + "]";
  }
}
