package dev.redlens.lettuce.internal;

import dev.redlens.core.pool.PoolStateSource;
import io.lettuce.core.support.BoundedAsyncPool;
import java.lang.reflect.Field;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The state of Lettuce's {@link BoundedAsyncPool} from its own accessors: used = objects minus idle
 * ones, pending = connections being created for an {@code acquire()} (the pool never queues: an
 * acquire beyond {@code maxTotal} fails at once), limits as configured (negative, i.e. unbounded,
 * is absent).
 *
 * <p>The pool does not publish whether it is closed; its private {@code state} field is read (once
 * resolved); where that fails (a future Lettuce), the pool is taken as open, says so once in the
 * log, and its registration still ends when the pool is collected.
 */
public enum BoundedAsyncPoolState implements PoolStateSource<BoundedAsyncPool<?>> {
  INSTANCE;

  private static final Logger LOG = Logger.getLogger(BoundedAsyncPoolState.class.getName());
  private static final Field STATE = stateField();

  private static Field stateField() {
    try {
      Field field = BoundedAsyncPool.class.getDeclaredField("state");
      field.setAccessible(true);
      return field;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "Redlens cannot tell whether a Lettuce BoundedAsyncPool is closed; a closed pool keeps its points"
              + " until it is collected or its registration is closed",
          e);
      return null;
    }
  }

  @Override
  public int used(BoundedAsyncPool<?> pool) {
    return Math.max(0, pool.getObjectCount() - pool.getIdle());
  }

  @Override
  public int idle(BoundedAsyncPool<?> pool) {
    return pool.getIdle();
  }

  @Override
  public int max(BoundedAsyncPool<?> pool) {
    return pool.getMaxTotal();
  }

  @Override
  public int idleMax(BoundedAsyncPool<?> pool) {
    return pool.getMaxIdle();
  }

  @Override
  public int idleMin(BoundedAsyncPool<?> pool) {
    return pool.getMinIdle();
  }

  @Override
  public int pending(BoundedAsyncPool<?> pool) {
    return pool.getCreationInProgress();
  }

  @Override
  public boolean isClosed(BoundedAsyncPool<?> pool) {
    if (STATE == null) {
      return false;
    }
    try {
      Object state = STATE.get(pool);
      return state instanceof Enum<?> value && !value.name().equals("ACTIVE");
    } catch (IllegalAccessException | RuntimeException e) {
      return false;
    }
  }
}
