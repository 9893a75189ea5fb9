package dev.redlens.service.internal.redis;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongUpDownCounter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.apache.commons.pool2.impl.GenericObjectPool;

/**
 * SEAM (pool metrics): the {@code db.client.connection.*} metrics of the telemetry contract for the service's
 * commons-pool2 pool, from the pool's own numbers, plus the figures of {@code /test/redis/connection/pool/status}.
 * When {@code RedisTelemetry.pools()} / {@code LettuceTelemetry.instrumentPool(...)} land in redlens-core and
 * redlens-lettuce, this class delegates its instruments to them (and keeps only {@link #status()}); nothing else
 * in the service registers pool metrics.
 */
public final class PoolMetrics implements AutoCloseable {

  public static final AttributeKey<String> POOL_NAME = AttributeKey.stringKey("db.client.connection.pool.name");
  public static final AttributeKey<String> STATE = AttributeKey.stringKey("db.client.connection.state");
  public static final String SCOPE = "dev.redlens.service";

  private final GenericObjectPool<?> pool;
  private final String poolName;
  private final Attributes poolAttributes;
  private final List<AutoCloseable> observers = new ArrayList<>();
  private final LongCounter timeouts;
  private final DoubleHistogram waitTime;
  private final DoubleHistogram useTime;
  private final LongAdder borrowFailures = new LongAdder();
  private final LongAdder borrowTimeouts = new LongAdder();

  public PoolMetrics(OpenTelemetry openTelemetry, GenericObjectPool<?> pool, String poolName) {
    this.pool = pool;
    this.poolName = poolName;
    this.poolAttributes = Attributes.of(POOL_NAME, poolName);
    Meter meter = openTelemetry.getMeter(SCOPE);
    Attributes idle = Attributes.of(POOL_NAME, poolName, STATE, "idle");
    Attributes used = Attributes.of(POOL_NAME, poolName, STATE, "used");
    observers.add(meter.upDownCounterBuilder("db.client.connection.count").setUnit("{connection}")
        .setDescription("Connections of the pool by state")
        .buildWithCallback(m -> {
          m.record(pool.getNumIdle(), idle);
          m.record(pool.getNumActive(), used);
        }));
    observers.add(gauge(meter, "db.client.connection.max", "{connection}", "Most open connections allowed",
        () -> pool.getMaxTotal()));
    observers.add(gauge(meter, "db.client.connection.idle.max", "{connection}", "Most idle connections allowed",
        () -> pool.getMaxIdle()));
    observers.add(gauge(meter, "db.client.connection.idle.min", "{connection}", "Fewest idle connections kept",
        () -> pool.getMinIdle()));
    observers.add(gauge(meter, "db.client.connection.pending_requests", "{request}",
        "Callers waiting for a connection", () -> pool.getNumWaiters()));
    this.timeouts = meter.counterBuilder("db.client.connection.timeouts").setUnit("{timeout}")
        .setDescription("Borrows that timed out waiting for a connection").build();
    this.waitTime = meter.histogramBuilder("db.client.connection.wait_time").setUnit("s")
        .setDescription("Time to obtain a connection from the pool").build();
    this.useTime = meter.histogramBuilder("db.client.connection.use_time").setUnit("s")
        .setDescription("Time between borrowing a connection and returning it").build();
  }

  private ObservableLongUpDownCounter gauge(
      Meter meter, String name, String unit, String description, java.util.function.LongSupplier value) {
    return meter.upDownCounterBuilder(name).setUnit(unit).setDescription(description)
        .buildWithCallback(m -> m.record(value.getAsLong(), poolAttributes));
  }

  void recordBorrow(long waitNanos) {
    waitTime.record(waitNanos / 1e9, poolAttributes);
  }

  void recordReturn(long useNanos) {
    useTime.record(useNanos / 1e9, poolAttributes);
  }

  void recordBorrowFailure(boolean timeout) {
    borrowFailures.increment();
    if (timeout) {
      borrowTimeouts.increment();
      timeouts.add(1, poolAttributes);
    }
  }

  public String poolName() {
    return poolName;
  }

  /** The pool's figures for the pool-status endpoint and the dashboard. */
  public Map<String, Object> status() {
    Map<String, Object> m = new LinkedHashMap<>();
    int active = pool.getNumActive();
    int idle = pool.getNumIdle();
    int max = pool.getMaxTotal();
    m.put("name", poolName);
    m.put("active", active);
    m.put("idle", idle);
    m.put("max", max);
    m.put("max_idle", pool.getMaxIdle());
    m.put("min_idle", pool.getMinIdle());
    m.put("utilization", max <= 0 ? 0.0 : (double) active / max);
    m.put("waiters", pool.getNumWaiters());
    m.put("created", pool.getCreatedCount());
    m.put("destroyed", pool.getDestroyedCount());
    m.put("borrowed", pool.getBorrowedCount());
    m.put("returned", pool.getReturnedCount());
    m.put("mean_borrow_wait_ms", pool.getMeanBorrowWaitDuration().toNanos() / 1e6);
    m.put("max_borrow_wait_ms", pool.getMaxBorrowWaitDuration().toNanos() / 1e6);
    m.put("borrow_failures", borrowFailures.sum());
    m.put("borrow_timeouts", borrowTimeouts.sum());
    return m;
  }

  public long borrowFailures() {
    return borrowFailures.sum();
  }

  @Override
  public void close() {
    for (AutoCloseable observer : observers) {
      try {
        observer.close();
      } catch (Exception ignored) {
        // closing an observable instrument does not fail in the SDK
      }
    }
  }
}
