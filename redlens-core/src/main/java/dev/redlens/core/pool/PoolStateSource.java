package dev.redlens.core.pool;

/**
 * Reads the state of one kind of pool, for {@link PoolTelemetry#registerPool(Object,
 * PoolStateSource, String, ConnectionErrorClassifier)}. Redlens holds the pool itself weakly and
 * passes it to every call; the source is held strongly while the pool is registered, so it must not
 * refer to the pool (a stateless object or an enum constant is right).
 *
 * <p>A negative value means "not known" (an unbounded maximum, a pool that does not count waiters):
 * its point is absent, never reported as zero or as a negative number. A method that throws makes
 * every point of the pool absent in that collection.
 *
 * @param <P> the pool type
 */
public interface PoolStateSource<P> {

  /** Connections borrowed from the pool now. */
  int used(P pool);

  /** Connections idle in the pool now. */
  int idle(P pool);

  /** The most connections the pool allows (idle and used), negative when unbounded or unknown. */
  int max(P pool);

  /** The most idle connections the pool keeps, negative when unbounded or unknown. */
  int idleMax(P pool);

  /** The fewest idle connections the pool keeps, negative when unknown. */
  int idleMin(P pool);

  /** Requests waiting for a connection now, negative when the pool does not tell. */
  int pending(P pool);

  /** Whether the pool is closed; a closed pool's registration ends. Default: never. */
  default boolean isClosed(P pool) {
    return false;
  }

  /**
   * Connections the pool itself found broken and destroyed since it was created (for commons-pool2:
   * failed validation on borrow), counted as {@link ConnectionErrorType#CLOSED CLOSED} errors from
   * the registration on; negative when the pool does not count them (the default).
   */
  default long brokenConnectionsDestroyed(P pool) {
    return -1;
  }
}
