package dev.redlens.core.pool;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * One pool registered with {@link PoolTelemetry}. Its state is observed by itself (the pool is held
 * weakly); what only the borrowing code can see goes through this registration: borrow through
 * {@link #borrow} or {@link #acquire} to record {@code db.client.connection.wait_time}, count
 * timeouts (an exhausted pool, an elapsed wait) and classify connection errors; the {@code record…}
 * methods are for integrations that measure the rest themselves.
 *
 * <p>Nothing here throws into the application (except what the borrow itself throws, unchanged).
 * After {@link #close()}, or once the pool is closed or collected, the pool's points are absent and
 * recording is a no-op.
 */
public interface PoolRegistration extends AutoCloseable {

  /**
   * The pool name on its metrics ({@code db.client.connection.pool.name}), made unique among live
   * pools.
   */
  String name();

  /**
   * Runs {@code borrow} (e.g. {@code pool::borrowObject}) and returns its connection, unchanged. A
   * success records its duration as {@code db.client.connection.wait_time} (the time to obtain an
   * open connection, creation included); a {@link java.util.NoSuchElementException} without a cause
   * anywhere in the failure's cause chain (commons-pool2 and Lettuce's exhausted pool,
   * commons-pool2's elapsed wait) counts a timeout; any other failure is classified as a connection
   * error when it is one. The failure is rethrown unchanged.
   */
  <T, E extends Throwable> T borrow(Borrow<T, E> borrow) throws E;

  /**
   * The asynchronous {@link #borrow}: calls {@code acquire} (e.g. {@code pool::acquire} of
   * Lettuce's {@code BoundedAsyncPool}) and returns its stage, unchanged, after attaching the same
   * recording to its completion.
   */
  <F extends CompletionStage<?>> F acquire(Supplier<F> acquire);

  /** Counts one timeout obtaining a connection ({@code db.client.connection.timeouts}). */
  void recordTimeout();

  /** Counts one connection error of this type ({@code redis.client.connection.errors}). */
  void recordConnectionError(ConnectionErrorType type);

  /**
   * Classifies {@code error} with the registration's classifier and counts it when it is a
   * connection error.
   *
   * @return whether it was counted
   */
  boolean recordConnectionError(Throwable error);

  /**
   * Records the time it took to create a new connection ({@code db.client.connection.create_time}).
   */
  void recordCreateTime(long nanos);

  /** Records the time it took to obtain a connection ({@code db.client.connection.wait_time}). */
  void recordWaitTime(long nanos);

  /**
   * Records the time between borrowing a connection and returning it ({@code
   * db.client.connection.use_time}).
   */
  void recordUseTime(long nanos);

  /** Whether the registration ended: closed, or its pool closed or collected. */
  boolean isClosed();

  /** Ends the registration: the pool's points disappear. Idempotent. */
  @Override
  void close();

  /** A call that borrows a connection. */
  @FunctionalInterface
  interface Borrow<T, E extends Throwable> {
    T borrow() throws E;
  }
}
