package dev.redlens.core.pool;

import static dev.redlens.core.RedlensSemconv.*;

import dev.redlens.core.instrumentation.CauseChain;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import java.lang.ref.WeakReference;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * A registered pool: held weakly, read by its {@link PoolStateSource} at each collection, with its
 * own timeout and error counters (the observable counters report them, so they disappear with the
 * pool).
 */
final class Registration<P> implements PoolRegistration {

  private static final ConnectionErrorType[] TYPES = ConnectionErrorType.values();

  private final PoolInstruments instruments;
  private final WeakReference<P> pool;
  private final PoolStateSource<? super P> source;
  private final String name;
  private final ConnectionErrorClassifier classifier;
  private final Attributes poolAttributes;
  private final Attributes idleAttributes;
  private final Attributes usedAttributes;
  private final Attributes[] errorAttributes = new Attributes[TYPES.length];
  private final LongAdder timeouts = new LongAdder();
  private final LongAdder[] errors = new LongAdder[TYPES.length];
  private final long brokenBaseline;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final List<Runnable> closeActions = new CopyOnWriteArrayList<>();
  private volatile WeakReference<Throwable> lastCounted = new WeakReference<>(null);

  Registration(
      PoolInstruments instruments,
      P pool,
      PoolStateSource<? super P> source,
      String name,
      ConnectionErrorClassifier classifier) {
    this.instruments = instruments;
    this.pool = new WeakReference<>(pool);
    this.source = source;
    this.name = name;
    this.classifier = classifier;
    this.poolAttributes = Attributes.of(DB_CLIENT_CONNECTION_POOL_NAME, name);
    this.idleAttributes =
        poolAttributes.toBuilder().put(DB_CLIENT_CONNECTION_STATE, CONNECTION_STATE_IDLE).build();
    this.usedAttributes =
        poolAttributes.toBuilder().put(DB_CLIENT_CONNECTION_STATE, CONNECTION_STATE_USED).build();
    for (ConnectionErrorType type : TYPES) {
      errorAttributes[type.ordinal()] =
          poolAttributes.toBuilder().put(ERROR_TYPE, type.value()).build();
      errors[type.ordinal()] = new LongAdder();
    }
    long broken = -1;
    try {
      broken = source.brokenConnectionsDestroyed(pool);
    } catch (RuntimeException e) {
      PoolInstruments.LOG.warnOnce(
          "pool-read", "Redlens could not read the state of a connection pool", e);
    }
    this.brokenBaseline = broken;
  }

  @Override
  public String name() {
    return name;
  }

  /** The pool, or null once collected. */
  P pool() {
    return pool.get();
  }

  /** Runs {@code action} when the registration ends (e.g. to take a listener off the pool). */
  public void onClose(Runnable action) {
    closeActions.add(action);
  }

  // ---- state
  // -----------------------------------------------------------------------------------------------

  private record State(
      int used, int idle, int max, int idleMax, int idleMin, int pending, long broken) {}

  /**
   * The pool's state now; null (and the registration ended) when the pool is gone, null when
   * unreadable.
   */
  State readOrEnd() {
    if (closed.get()) {
      return null;
    }
    P current = pool.get();
    if (current == null) {
      close();
      return null;
    }
    try {
      if (source.isClosed(current)) {
        close();
        return null;
      }
      return new State(
          source.used(current),
          source.idle(current),
          source.max(current),
          source.idleMax(current),
          source.idleMin(current),
          source.pending(current),
          source.brokenConnectionsDestroyed(current));
    } catch (RuntimeException e) {
      PoolInstruments.LOG.warnOnce(
          "pool-read",
          "Redlens could not read the state of a connection pool; its points are absent",
          e);
      return null;
    }
  }

  void observe() {
    State state = readOrEnd();
    if (state == null) {
      return;
    }
    observeIfKnown(instruments.count, state.used(), usedAttributes);
    observeIfKnown(instruments.count, state.idle(), idleAttributes);
    observeIfKnown(instruments.max, state.max(), poolAttributes);
    observeIfKnown(instruments.idleMax, state.idleMax(), poolAttributes);
    observeIfKnown(instruments.idleMin, state.idleMin(), poolAttributes);
    observeIfKnown(instruments.pending, state.pending(), poolAttributes);
    instruments.timeouts.record(timeouts.sum(), poolAttributes);
    for (ConnectionErrorType type : TYPES) {
      instruments.errors.record(errorCount(type, state), errorAttributes[type.ordinal()]);
    }
  }

  private static void observeIfKnown(
      io.opentelemetry.api.metrics.ObservableLongMeasurement measurement,
      int value,
      Attributes attributes) {
    if (value >= 0) {
      measurement.record(value, attributes);
    }
  }

  private long errorCount(ConnectionErrorType type, State state) {
    long count = errors[type.ordinal()].sum();
    if (type == ConnectionErrorType.CLOSED
        && brokenBaseline >= 0
        && state.broken() >= brokenBaseline) {
      count += state.broken() - brokenBaseline;
    }
    return count;
  }

  PoolSnapshot snapshot() {
    State state = readOrEnd();
    if (state == null) {
      return null;
    }
    Map<ConnectionErrorType, Long> byType = new EnumMap<>(ConnectionErrorType.class);
    for (ConnectionErrorType type : TYPES) {
      byType.put(type, errorCount(type, state));
    }
    double utilization =
        state.max() > 0 && state.used() >= 0 ? (double) state.used() / state.max() : Double.NaN;
    return new PoolSnapshot(
        name,
        state.used(),
        state.idle(),
        state.max(),
        utilization,
        state.pending(),
        timeouts.sum(),
        byType);
  }

  // ---- borrowing
  // ---------------------------------------------------------------------------------------------

  @Override
  public <T, E extends Throwable> T borrow(Borrow<T, E> borrow) throws E {
    long start = System.nanoTime();
    T connection;
    try {
      connection = borrow.borrow();
    } catch (Throwable error) {
      recordFailure(error, true);
      throw error;
    }
    recordWaitTime(System.nanoTime() - start);
    return connection;
  }

  @Override
  public <F extends CompletionStage<?>> F acquire(Supplier<F> acquire) {
    long start = System.nanoTime();
    F stage;
    try {
      stage = acquire.get();
    } catch (RuntimeException | Error error) {
      recordFailure(error, true);
      throw error;
    }
    if (stage != null) {
      stage.whenComplete(
          (connection, error) -> {
            if (error == null) {
              recordWaitTime(System.nanoTime() - start);
            } else {
              recordFailure(error, true);
            }
          });
    }
    return stage;
  }

  /**
   * Records a failure seen by the borrowing code ({@code borrowing}) or swallowed by the pool: an
   * exhausted pool or elapsed wait is a timeout (only when borrowing), a failure already counted
   * where the connection was created is not counted again, anything else is classified.
   */
  public void recordFailure(Throwable error, boolean borrowing) {
    if (closed.get() || error == null) {
      return;
    }
    try {
      if (isExhausted(error)) {
        if (borrowing) {
          timeouts.increment();
        }
        return;
      }
      if (!alreadyCounted(error)) {
        recordConnectionError(error);
      }
    } catch (RuntimeException e) {
      PoolInstruments.LOG.warnOnce(
          "pool-failure", "Redlens could not classify a connection pool failure", e);
    }
  }

  /**
   * Records a failure to create a connection, remembering it so the borrow that sees it does not
   * count it again.
   */
  public void recordCreateFailure(Throwable error) {
    if (closed.get() || error == null) {
      return;
    }
    lastCounted = new WeakReference<>(error);
    recordConnectionError(error);
  }

  /** An exhausted pool or an elapsed wait: a cause-less NoSuchElementException in the chain. */
  static boolean isExhausted(Throwable error) {
    Throwable exhausted =
        CauseChain.find(error, e -> e instanceof NoSuchElementException && e.getCause() == null);
    if (exhausted == null) {
      return false;
    }
    String message = exhausted.getMessage();
    // commons-pool2 also says "Unable to validate object" / "Unable to activate object" without a
    // cause
    return message == null || !message.contains("Unable to");
  }

  private boolean alreadyCounted(Throwable error) {
    Throwable counted = lastCounted.get();
    if (counted == null) {
      return false;
    }
    return CauseChain.anyMatch(error, e -> e == counted);
  }

  // ---- recording
  // -------------------------------------------------------------------------------------------

  @Override
  public void recordTimeout() {
    if (!closed.get()) {
      timeouts.increment();
    }
  }

  @Override
  public void recordConnectionError(ConnectionErrorType type) {
    if (!closed.get() && type != null) {
      errors[type.ordinal()].increment();
    }
  }

  @Override
  public boolean recordConnectionError(Throwable error) {
    if (closed.get() || error == null) {
      return false;
    }
    ConnectionErrorType type;
    try {
      type = classifier.classify(CauseChain.unwrap(error));
    } catch (RuntimeException e) {
      PoolInstruments.LOG.warnOnce(
          "pool-classifier", "A connection error classifier failed; the error is not counted", e);
      return false;
    }
    if (type == null) {
      return false;
    }
    errors[type.ordinal()].increment();
    return true;
  }

  @Override
  public void recordCreateTime(long nanos) {
    record(instruments.createTime, nanos);
  }

  @Override
  public void recordWaitTime(long nanos) {
    record(instruments.waitTime, nanos);
  }

  @Override
  public void recordUseTime(long nanos) {
    record(instruments.useTime, nanos);
  }

  private void record(DoubleHistogram histogram, long nanos) {
    if (closed.get() || nanos < 0) {
      return;
    }
    try {
      histogram.record(nanos / 1e9, poolAttributes);
    } catch (Throwable e) {
      PoolInstruments.LOG.warnOnce(
          "pool-histogram", "Redlens could not record a connection pool duration", e);
    }
  }

  @Override
  public boolean isClosed() {
    if (closed.get()) {
      return true;
    }
    readOrEnd(); // ends the registration if its pool is gone
    return closed.get();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      instruments.remove(this);
      for (Runnable action : closeActions) {
        try {
          action.run();
        } catch (RuntimeException e) {
          PoolInstruments.LOG.warnOnce(
              "pool-close", "Redlens could not detach from a connection pool", e);
        }
      }
    }
  }

  @Override
  public String toString() {
    return "PoolRegistration[" + name + (closed.get() ? ", closed]" : "]");
  }
}
