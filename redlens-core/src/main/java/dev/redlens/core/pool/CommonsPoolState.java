package dev.redlens.core.pool;

import org.apache.commons.pool2.impl.GenericObjectPool;

/**
 * The state of a commons-pool2 {@link GenericObjectPool} (Jedis's pools, Lettuce's {@code
 * ConnectionPoolSupport}) from its own accessors. A negative {@code maxTotal} or {@code maxIdle}
 * (unbounded) is reported as absent.
 */
enum CommonsPoolState implements PoolStateSource<GenericObjectPool<?>> {
  INSTANCE;

  @Override
  public int used(GenericObjectPool<?> pool) {
    return pool.getNumActive();
  }

  @Override
  public int idle(GenericObjectPool<?> pool) {
    return pool.getNumIdle();
  }

  @Override
  public int max(GenericObjectPool<?> pool) {
    return pool.getMaxTotal();
  }

  @Override
  public int idleMax(GenericObjectPool<?> pool) {
    return pool.getMaxIdle();
  }

  @Override
  public int idleMin(GenericObjectPool<?> pool) {
    return pool.getMinIdle();
  }

  @Override
  public int pending(GenericObjectPool<?> pool) {
    return pool.getNumWaiters();
  }

  @Override
  public boolean isClosed(GenericObjectPool<?> pool) {
    return pool.isClosed();
  }

  /** Connections that failed validation on borrow (a dead connection taken from the idle set). */
  @Override
  public long brokenConnectionsDestroyed(GenericObjectPool<?> pool) {
    return pool.getDestroyedByBorrowValidationCount();
  }
}
