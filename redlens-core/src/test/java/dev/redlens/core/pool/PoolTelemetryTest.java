package dev.redlens.core.pool;

import static dev.redlens.core.RedlensSemconv.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.testing.InMemoryTelemetry;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pool metrics on real commons-pool2 {@link GenericObjectPool}s of plain objects (no Redis needed
 * here; the Redis-backed pools are tested in redlens-lettuce), asserted with the real OpenTelemetry
 * SDK.
 */
class PoolTelemetryTest {

  private final InMemoryTelemetry otel = new InMemoryTelemetry();
  private final RedisTelemetry telemetry = RedisTelemetry.create(otel.openTelemetry());
  private final PoolTelemetry pools = telemetry.pools();
  private final List<GenericObjectPool<?>> opened = new ArrayList<>();
  private final ExecutorService executor = Executors.newCachedThreadPool();

  @AfterEach
  void close() {
    executor.shutdownNow();
    opened.forEach(GenericObjectPool::close);
    telemetry.close();
    otel.close();
  }

  /** A pooled thing: a plain object that a test can mark broken (it then fails validation). */
  static final class Thing {
    volatile boolean broken;
  }

  static final class ThingFactory extends BasePooledObjectFactory<Thing> {
    final AtomicInteger created = new AtomicInteger();
    volatile Exception failCreate;

    @Override
    public Thing create() throws Exception {
      Exception failure = failCreate;
      if (failure != null) {
        throw failure;
      }
      created.incrementAndGet();
      return new Thing();
    }

    @Override
    public PooledObject<Thing> wrap(Thing thing) {
      return new DefaultPooledObject<>(thing);
    }

    @Override
    public boolean validateObject(PooledObject<Thing> pooled) {
      return !pooled.getObject().broken;
    }
  }

  private GenericObjectPool<Thing> pool(int maxTotal, int maxIdle, int minIdle) {
    return pool(new ThingFactory(), config(maxTotal, maxIdle, minIdle));
  }

  private static GenericObjectPoolConfig<Thing> config(int maxTotal, int maxIdle, int minIdle) {
    GenericObjectPoolConfig<Thing> config = new GenericObjectPoolConfig<>();
    config.setMaxTotal(maxTotal);
    config.setMaxIdle(maxIdle);
    config.setMinIdle(minIdle);
    config.setJmxEnabled(false); // JMX would hold the pool strongly until it is closed
    return config;
  }

  private GenericObjectPool<Thing> pool(
      org.apache.commons.pool2.PooledObjectFactory<Thing> factory,
      GenericObjectPoolConfig<Thing> config) {
    GenericObjectPool<Thing> pool = new GenericObjectPool<>(factory, config);
    opened.add(pool);
    return pool;
  }

  @Test
  void usedAndIdleCountsMatchThePoolsOwnNumbersWhileConnectionsAreBorrowed() throws Exception {
    GenericObjectPool<Thing> pool = pool(5, 4, 1);
    PoolRegistration registration =
        pools.register(pool, PoolTelemetry.defaultName("10.0.0.5", 6379, 0));
    assertThat(registration.name()).isEqualTo("10.0.0.5:6379/0");
    PoolPoints points = new PoolPoints(otel, "10.0.0.5:6379/0");

    Thing a = registration.borrow(pool::borrowObject);
    Thing b = registration.borrow(pool::borrowObject);
    Thing c = registration.borrow(pool::borrowObject);
    pool.returnObject(c);

    assertThat(pool.getNumActive()).isEqualTo(2);
    assertThat(pool.getNumIdle()).isEqualTo(1);
    assertThat(points.used()).isEqualTo(pool.getNumActive());
    assertThat(points.idle()).isEqualTo(pool.getNumIdle());
    assertThat(points.value(METRIC_CONNECTION_MAX)).isEqualTo(5);
    assertThat(points.value(METRIC_CONNECTION_IDLE_MAX)).isEqualTo(4);
    assertThat(points.value(METRIC_CONNECTION_IDLE_MIN)).isEqualTo(1);
    assertThat(points.value(METRIC_CONNECTION_PENDING_REQUESTS)).isZero();
    assertThat(points.value(METRIC_CONNECTION_TIMEOUTS)).isZero();
    assertThat(points.histogramCount(METRIC_CONNECTION_WAIT_TIME)).isEqualTo(3);

    PoolSnapshot snapshot = single(pools.snapshot());
    assertThat(snapshot.name()).isEqualTo("10.0.0.5:6379/0");
    assertThat(snapshot.active()).isEqualTo(2);
    assertThat(snapshot.idle()).isEqualTo(1);
    assertThat(snapshot.max()).isEqualTo(5);
    assertThat(snapshot.utilization()).isEqualTo(0.4);
    assertThat(snapshot.waiters()).isZero();
    assertThat(snapshot.errorCount()).isZero();
    assertThat(snapshot.errors()).containsOnlyKeys(ConnectionErrorType.values());

    pool.returnObject(a);
    pool.returnObject(b);
    assertThat(points.used()).isZero();
    assertThat(points.idle()).isEqualTo(pool.getNumIdle()).isEqualTo(3);
    MetricShape.assertUnits(otel);
  }

  @Test
  void anExhaustedPoolThatDoesNotBlockCountsATimeoutAtOnce() throws Exception {
    GenericObjectPoolConfig<Thing> config = config(1, 1, 0);
    config.setBlockWhenExhausted(false);
    GenericObjectPool<Thing> pool = pool(new ThingFactory(), config);
    PoolRegistration registration = pools.register(pool, "exhausted");

    Thing only = registration.borrow(pool::borrowObject);
    assertThatThrownBy(() -> registration.borrow(pool::borrowObject))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessageContaining("Pool exhausted");

    PoolPoints points = new PoolPoints(otel, "exhausted");
    assertThat(points.value(METRIC_CONNECTION_TIMEOUTS)).isEqualTo(1);
    assertThat(points.histogramCount(METRIC_CONNECTION_WAIT_TIME))
        .isEqualTo(1); // failures are not waits
    assertThat(single(pools.snapshot()).timeouts()).isEqualTo(1);
    assertThat(single(pools.snapshot()).utilization()).isEqualTo(1.0);
    assertThat(single(pools.snapshot()).errorCount())
        .isZero(); // a timeout is not a connection error
    pool.returnObject(only);
  }

  @Test
  void aWaitingBorrowIsAPendingRequestAndAnElapsedWaitIsATimeout() throws Exception {
    GenericObjectPoolConfig<Thing> config = config(1, 1, 0);
    config.setMaxWait(Duration.ofSeconds(30));
    GenericObjectPool<Thing> pool = pool(new ThingFactory(), config);
    PoolRegistration registration = pools.register(pool, "waiting");
    PoolPoints points = new PoolPoints(otel, "waiting");

    Thing only = registration.borrow(pool::borrowObject);
    Future<Thing> waiter = executor.submit(() -> registration.borrow(pool::borrowObject));

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Long.valueOf(1).equals(points.value(METRIC_CONNECTION_PENDING_REQUESTS)));
    assertThat(single(pools.snapshot()).waiters()).isEqualTo(1);

    pool.returnObject(only);
    Thing handedOver = waiter.get(10, TimeUnit.SECONDS);
    assertThat(handedOver).isSameAs(only);
    assertThat(points.value(METRIC_CONNECTION_PENDING_REQUESTS)).isZero();
    assertThat(points.value(METRIC_CONNECTION_TIMEOUTS)).isZero();
    assertThat(points.histogramCount(METRIC_CONNECTION_WAIT_TIME)).isEqualTo(2);

    // the same pool with a wait that elapses: commons-pool2's "Timeout waiting for idle object"
    assertThatThrownBy(() -> registration.borrow(() -> pool.borrowObject(Duration.ofMillis(20))))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessageContaining("Timeout waiting");
    assertThat(points.value(METRIC_CONNECTION_TIMEOUTS)).isEqualTo(1);
    pool.returnObject(handedOver);
  }

  @Test
  void aClosedPoolDisappearsFromMetricsAndSnapshot() {
    GenericObjectPool<Thing> pool = pool(2, 2, 0);
    PoolRegistration registration = pools.register(pool, "closing");
    PoolPoints points = new PoolPoints(otel, "closing");
    assertThat(points.anyPoint()).isTrue();

    pool.close();

    assertThat(points.anyPoint()).isFalse();
    assertThat(pools.snapshot()).isEmpty();
    assertThat(registration.isClosed()).isTrue();
  }

  @Test
  void aCollectedPoolDisappearsFromMetricsAndSnapshot() {
    WeakReference<GenericObjectPool<Thing>> weak = registerAndForget();
    PoolPoints points = new PoolPoints(otel, "forgotten");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              System.gc();
              return weak.get() == null;
            });

    assertThat(points.anyPoint()).isFalse();
    assertThat(pools.snapshot()).isEmpty();
  }

  private WeakReference<GenericObjectPool<Thing>> registerAndForget() {
    GenericObjectPool<Thing> pool = new GenericObjectPool<>(new ThingFactory(), config(2, 2, 0));
    pools.register(pool, "forgotten");
    assertThat(new PoolPoints(otel, "forgotten").anyPoint()).isTrue();
    return new WeakReference<>(pool);
  }

  @Test
  void closingARegistrationIsIdempotentAndRemovesItsPoints() throws Exception {
    GenericObjectPool<Thing> pool = pool(2, 2, 0);
    PoolRegistration registration = pools.register(pool, "registered");
    PoolPoints points = new PoolPoints(otel, "registered");
    assertThat(points.anyPoint()).isTrue();

    registration.close();
    registration.close();

    assertThat(registration.isClosed()).isTrue();
    assertThat(points.anyPoint()).isFalse();
    assertThat(pools.snapshot()).isEmpty();
    registration.recordTimeout(); // recording after close is a no-op, never an exception
    registration.recordConnectionError(ConnectionErrorType.AUTH);
    Thing stillBorrowable = registration.borrow(pool::borrowObject); // borrowing still works
    assertThat((Object) stillBorrowable).isNotNull();

    PoolRegistration again = pools.register(pool, "registered");
    assertThat(again).isNotSameAs(registration);
    assertThat(again.name()).isEqualTo("registered");
    assertThat(points.value(METRIC_CONNECTION_TIMEOUTS)).isZero();
    assertThat(points.errors(ConnectionErrorType.AUTH)).isZero();
  }

  @Test
  void theSamePoolRegisteredTwiceKeepsOneRegistrationAndNamesStayUnique() {
    GenericObjectPool<Thing> first = pool(2, 2, 0);
    GenericObjectPool<Thing> second = pool(3, 3, 0);
    PoolRegistration a = pools.register(first, "shared");
    assertThat(pools.register(first, "other name")).isSameAs(a);
    PoolRegistration b = pools.register(second, "shared");
    assertThat(b.name()).isEqualTo("shared#2");
    assertThat(new PoolPoints(otel, "shared#2").value(METRIC_CONNECTION_MAX)).isEqualTo(3);
    assertThat(pools.snapshot())
        .extracting(PoolSnapshot::name)
        .containsExactly("shared", "shared#2");
  }

  @Test
  void anInstrumentedFactoryRecordsCreateAndUseTimesAndCountsCreationFailuresOnce()
      throws Exception {
    ThingFactory things = new ThingFactory();
    GenericObjectPool<Thing> pool = pool(pools.instrument(things), config(2, 2, 0));
    PoolRegistration registration = pools.register(pool, "factory");
    PoolPoints points = new PoolPoints(otel, "factory");

    Thing thing = registration.borrow(pool::borrowObject);
    pool.returnObject(thing);
    pool.addObject(); // a new idle object passivated by the pool: created, never used
    assertThat(points.histogramCount(METRIC_CONNECTION_CREATE_TIME)).isEqualTo(2);
    assertThat(points.histogramCount(METRIC_CONNECTION_USE_TIME)).isEqualTo(1);

    pool.clear();
    things.failCreate = new IOException("wrapped", new ConnectException("Connection refused"));
    assertThatThrownBy(() -> registration.borrow(pool::borrowObject))
        .isInstanceOf(IOException.class);
    assertThat(points.errors(ConnectionErrorType.CONNECT))
        .isEqualTo(1); // seen by factory and borrow: once
    assertThat(points.histogramCount(METRIC_CONNECTION_CREATE_TIME)).isEqualTo(2);
  }

  @Test
  void connectionsThatFailValidationOnBorrowCountAsClosed() throws Exception {
    GenericObjectPoolConfig<Thing> config = config(2, 2, 0);
    config.setTestOnBorrow(true);
    GenericObjectPool<Thing> pool = pool(new ThingFactory(), config);
    PoolRegistration registration = pools.register(pool, "validated");
    Thing thing = registration.borrow(pool::borrowObject);
    thing.broken = true;
    pool.returnObject(thing);

    Thing fresh = registration.borrow(pool::borrowObject);

    assertThat(fresh).isNotSameAs(thing);
    assertThat(pool.getDestroyedByBorrowValidationCount()).isEqualTo(1);
    assertThat(new PoolPoints(otel, "validated").errors(ConnectionErrorType.CLOSED)).isEqualTo(1);
    assertThat(single(pools.snapshot()).errors(ConnectionErrorType.CLOSED)).isEqualTo(1);
  }

  @Test
  void exceptionsThePoolSwallowsAreClassifiedAndHandedToItsOwnListener() {
    GenericObjectPool<Thing> pool = pool(2, 2, 0);
    List<Exception> seenByApplication = new ArrayList<>();
    pool.setSwallowedExceptionListener(seenByApplication::add);
    PoolRegistration registration = pools.register(pool, "swallowing");

    // what the evictor does when it cannot open minIdle connections
    Exception refused =
        new IllegalStateException(
            "Unable to connect to 10.0.0.5:6379", new ConnectException("refused"));
    pool.getSwallowedExceptionListener().onSwallowException(refused);

    assertThat(seenByApplication).containsExactly(refused);
    assertThat(new PoolPoints(otel, "swallowing").errors(ConnectionErrorType.CONNECT)).isEqualTo(1);
    registration.close();
    assertThat(pool.getSwallowedExceptionListener()).isNotNull();
    pool.getSwallowedExceptionListener().onSwallowException(refused);
    assertThat(seenByApplication).hasSize(2); // the application's listener is back in place
  }

  @Test
  void anAsynchronousAcquireRecordsItsWaitAndItsFailures() {
    Object pool = new Object();
    PoolRegistration registration =
        pools.registerPool(
            pool, new FixedState(1, 0, 1), "async", ConnectionErrorClassifier.standard());
    PoolPoints points = new PoolPoints(otel, "async");

    CompletableFuture<String> ok =
        registration.acquire(() -> CompletableFuture.completedFuture("c"));
    assertThat(ok).isCompletedWithValue("c");
    CompletableFuture<String> exhausted =
        registration.acquire(
            () -> CompletableFuture.failedFuture(new NoSuchElementException("Pool exhausted")));
    CompletableFuture<String> later = new CompletableFuture<>();
    assertThat(registration.acquire(() -> later)).isSameAs(later);
    later.completeExceptionally(
        new IllegalStateException(
            "Cannot allocate object",
            new RuntimeException("WRONGPASS invalid username-password pair")));

    assertThat(exhausted).isCompletedExceptionally();
    assertThat(points.histogramCount(METRIC_CONNECTION_WAIT_TIME)).isEqualTo(1);
    assertThat(points.value(METRIC_CONNECTION_TIMEOUTS)).isEqualTo(1);
    assertThat(points.errors(ConnectionErrorType.AUTH)).isEqualTo(1);
    // an unbounded maximum is absent, not -1 or 0
    assertThat(points.value(METRIC_CONNECTION_MAX)).isEqualTo(1);
    assertThat(points.value(METRIC_CONNECTION_IDLE_MAX)).isNull();
    assertThat(points.value(METRIC_CONNECTION_PENDING_REQUESTS)).isNull();
    assertThat(single(pools.snapshot()).pending()).isEqualTo(-1);
  }

  @Test
  void aPoolWhoseStateCannotBeReadHasNoPointsAndNothingThrows() {
    Object pool = new Object();
    AtomicBoolean failing = new AtomicBoolean(true);
    pools.registerPool(
        pool,
        new FixedState(1, 1, 2) {
          @Override
          public int used(Object p) {
            if (failing.get()) {
              throw new IllegalStateException("pool is busy");
            }
            return super.used(p);
          }
        },
        "unreadable",
        ConnectionErrorClassifier.standard());
    PoolPoints points = new PoolPoints(otel, "unreadable");
    assertThat(points.anyPoint()).isFalse();
    assertThat(pools.snapshot()).isEmpty();
    failing.set(false);
    assertThat(points.used()).isEqualTo(1);
  }

  @Test
  void closingTheTelemetryEndsEveryRegistrationAndLaterOnesReportNothing() {
    GenericObjectPool<Thing> pool = pool(2, 2, 0);
    PoolRegistration registration = pools.register(pool, "until-close");
    assertThat(telemetry.pools()).isSameAs(pools);

    telemetry.close();

    assertThat(registration.isClosed()).isTrue();
    assertThat(new PoolPoints(otel, "until-close").anyPoint()).isFalse();
    PoolRegistration late = pools.register(pool(2, 2, 0), "late");
    assertThat(late.isClosed()).isTrue();
    assertThat(pools.snapshot()).isEmpty();
  }

  private static PoolSnapshot single(List<PoolSnapshot> snapshots) {
    assertThat(snapshots).hasSize(1);
    return snapshots.get(0);
  }

  /**
   * A pool state that does not change: used, idle and max given; idle limits and waiters unknown.
   */
  static class FixedState implements PoolStateSource<Object> {
    private final int used;
    private final int idle;
    private final int max;

    FixedState(int used, int idle, int max) {
      this.used = used;
      this.idle = idle;
      this.max = max;
    }

    @Override
    public int used(Object pool) {
      return used;
    }

    @Override
    public int idle(Object pool) {
      return idle;
    }

    @Override
    public int max(Object pool) {
      return max;
    }

    @Override
    public int idleMax(Object pool) {
      return -1;
    }

    @Override
    public int idleMin(Object pool) {
      return -1;
    }

    @Override
    public int pending(Object pool) {
      return -1;
    }
  }
}
