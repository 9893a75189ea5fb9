package dev.redlens.core.pool;

import static dev.redlens.core.RedlensSemconv.*;

import dev.redlens.core.instrumentation.OnceLogger;
import io.opentelemetry.api.metrics.BatchCallback;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The pool instruments of one {@code PoolTelemetry} and the registrations they observe. The
 * observable instruments share one batch callback that reads every live pool once per collection; a
 * registration whose pool is closed or collected ends there (its points are absent from then on).
 */
final class PoolInstruments implements AutoCloseable {

  static final OnceLogger LOG = new OnceLogger(PoolInstruments.class);

  final ObservableLongMeasurement count;
  final ObservableLongMeasurement max;
  final ObservableLongMeasurement idleMax;
  final ObservableLongMeasurement idleMin;
  final ObservableLongMeasurement pending;
  final ObservableLongMeasurement timeouts;
  final ObservableLongMeasurement errors;
  final DoubleHistogram createTime;
  final DoubleHistogram waitTime;
  final DoubleHistogram useTime;
  private final BatchCallback callback;
  private final List<Registration<?>> registrations = new CopyOnWriteArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  public PoolInstruments(Meter meter) {
    count =
        meter
            .upDownCounterBuilder(METRIC_CONNECTION_COUNT)
            .setUnit(UNIT_CONNECTIONS)
            .setDescription(
                "The number of connections that are currently in the state described by the state attribute.")
            .buildObserver();
    max =
        meter
            .upDownCounterBuilder(METRIC_CONNECTION_MAX)
            .setUnit(UNIT_CONNECTIONS)
            .setDescription("The maximum number of open connections allowed.")
            .buildObserver();
    idleMax =
        meter
            .upDownCounterBuilder(METRIC_CONNECTION_IDLE_MAX)
            .setUnit(UNIT_CONNECTIONS)
            .setDescription("The maximum number of idle open connections allowed.")
            .buildObserver();
    idleMin =
        meter
            .upDownCounterBuilder(METRIC_CONNECTION_IDLE_MIN)
            .setUnit(UNIT_CONNECTIONS)
            .setDescription("The minimum number of idle open connections allowed.")
            .buildObserver();
    pending =
        meter
            .upDownCounterBuilder(METRIC_CONNECTION_PENDING_REQUESTS)
            .setUnit(UNIT_REQUESTS)
            .setDescription("The number of current pending requests for an open connection.")
            .buildObserver();
    timeouts =
        meter
            .counterBuilder(METRIC_CONNECTION_TIMEOUTS)
            .setUnit(UNIT_TIMEOUTS)
            .setDescription(
                "The number of connection timeouts that have occurred trying to obtain a connection from the pool.")
            .buildObserver();
    errors =
        meter
            .counterBuilder(METRIC_CONNECTION_ERRORS)
            .setUnit(UNIT_ERRORS)
            .setDescription(
                "Failures of pooled Redis connections, by type (connect, timeout, closed, auth).")
            .buildObserver();
    createTime =
        histogram(
            meter, METRIC_CONNECTION_CREATE_TIME, "The time it took to create a new connection.");
    waitTime =
        histogram(
            meter,
            METRIC_CONNECTION_WAIT_TIME,
            "The time it took to obtain an open connection from the pool.");
    useTime =
        histogram(
            meter,
            METRIC_CONNECTION_USE_TIME,
            "The time between borrowing a connection and returning it to the pool.");
    callback =
        meter.batchCallback(this::observe, count, max, idleMax, idleMin, pending, timeouts, errors);
  }

  private static DoubleHistogram histogram(Meter meter, String name, String description) {
    return meter
        .histogramBuilder(name)
        .setUnit(UNIT_SECONDS)
        .setDescription(description)
        .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
        .build();
  }

  /**
   * Registers {@code pool} under {@code name} (made unique among live registrations with {@code
   * #2}, {@code #3}…); the same live pool registered again gets its existing registration back.
   */
  public synchronized <P> Registration<P> register(
      P pool,
      PoolStateSource<? super P> source,
      String name,
      ConnectionErrorClassifier classifier) {
    if (closed.get()) {
      // never throw into the application: a registration on closed telemetry simply reports nothing
      Registration<P> ended = new Registration<>(this, pool, source, name, classifier);
      ended.close();
      return ended;
    }
    prune();
    for (Registration<?> existing : registrations) {
      if (existing.pool() == pool) {
        @SuppressWarnings("unchecked")
        Registration<P> same = (Registration<P>) existing;
        return same;
      }
    }
    String unique = name;
    for (int n = 2; nameTaken(unique); n++) {
      unique = name + "#" + n;
    }
    Registration<P> registration = new Registration<>(this, pool, source, unique, classifier);
    registrations.add(registration);
    return registration;
  }

  private boolean nameTaken(String name) {
    for (Registration<?> registration : registrations) {
      if (registration.name().equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** Ends the registrations whose pool is gone, so their names are free again. */
  private void prune() {
    for (Registration<?> registration : registrations) {
      registration.readOrEnd();
    }
  }

  void remove(Registration<?> registration) {
    registrations.remove(registration);
  }

  /** A snapshot of every live pool, in registration order. */
  public List<PoolSnapshot> snapshot() {
    List<PoolSnapshot> snapshots = new ArrayList<>(registrations.size());
    for (Registration<?> registration : registrations) {
      PoolSnapshot snapshot = registration.snapshot();
      if (snapshot != null) {
        snapshots.add(snapshot);
      }
    }
    return snapshots;
  }

  private void observe() {
    for (Registration<?> registration : registrations) {
      try {
        registration.observe();
      } catch (Throwable e) {
        LOG.warnOnce(
            "pool-observe",
            "Redlens could not observe a connection pool; its points are absent",
            e);
      }
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      for (Registration<?> registration : registrations) {
        registration.close();
      }
      callback.close();
    }
  }
}
