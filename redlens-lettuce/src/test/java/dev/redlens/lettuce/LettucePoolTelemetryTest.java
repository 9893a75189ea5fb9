package dev.redlens.lettuce;

import static dev.redlens.core.RedlensSemconv.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.core.pool.ConnectionErrorType;
import dev.redlens.core.pool.PoolRegistration;
import dev.redlens.core.pool.PoolSnapshot;
import dev.redlens.core.pool.PoolTelemetry;
import dev.redlens.testing.InMemoryTelemetry;
import dev.redlens.testing.RedisServer;
import dev.redlens.testing.RedisServerExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.support.AsyncConnectionPoolSupport;
import io.lettuce.core.support.BoundedAsyncPool;
import io.lettuce.core.support.BoundedPoolConfig;
import io.lettuce.core.support.ConnectionPoolSupport;
import io.opentelemetry.api.common.Attributes;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Lettuce's pools ({@code ConnectionPoolSupport}'s commons-pool2 pool and {@code
 * AsyncConnectionPoolSupport}'s {@code BoundedAsyncPool}) against a real redis-server, asserted
 * with the real OpenTelemetry SDK.
 */
class LettucePoolTelemetryTest {

  @RegisterExtension static final RedisServerExtension redis = RedisServerExtension.create();

  private final InMemoryTelemetry otel = new InMemoryTelemetry();
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private RedisTelemetry telemetry;
  private LettuceTelemetry lettuce;
  private RedisClient client;
  private String poolName;

  @BeforeEach
  void connect() {
    telemetry = RedisTelemetry.create(otel.openTelemetry());
    lettuce = LettuceTelemetry.create(telemetry);
    client = lettuce.instrument(RedisClient.create(redis.server().uri()));
    poolName = PoolTelemetry.defaultName("127.0.0.1", redis.server().port(), 0);
  }

  @AfterEach
  void close() {
    executor.shutdownNow();
    client.shutdown();
    telemetry.close();
    otel.close();
  }

  private GenericObjectPool<StatefulRedisConnection<String, String>> genericPool(
      GenericObjectPoolConfig<StatefulRedisConnection<String, String>> config) {
    return ConnectionPoolSupport.createGenericObjectPool(() -> client.connect(), config);
  }

  private static GenericObjectPoolConfig<StatefulRedisConnection<String, String>> config(
      int maxTotal) {
    GenericObjectPoolConfig<StatefulRedisConnection<String, String>> config =
        new GenericObjectPoolConfig<>();
    config.setMaxTotal(maxTotal);
    config.setMaxIdle(maxTotal);
    config.setJmxEnabled(false);
    return config;
  }

  @Test
  void usedAndIdleCountsMatchTheGenericPoolWhileConnectionsAreBorrowed() throws Exception {
    var pool = genericPool(config(4));
    PoolRegistration registration = lettuce.instrumentPool(pool, poolName);
    try {
      var first = registration.borrow(pool::borrowObject);
      var second = registration.borrow(pool::borrowObject);
      var third = registration.borrow(pool::borrowObject);
      assertThat(first.sync().ping()).isEqualTo("PONG");
      third.close(); // a wrapped connection goes back to the pool

      assertThat(pool.getNumActive()).isEqualTo(2);
      assertThat(pool.getNumIdle()).isEqualTo(1);
      assertThat(count(CONNECTION_STATE_USED)).isEqualTo(pool.getNumActive());
      assertThat(count(CONNECTION_STATE_IDLE)).isEqualTo(pool.getNumIdle());
      assertThat(value(METRIC_CONNECTION_MAX)).isEqualTo(4);
      assertThat(histogramCount(METRIC_CONNECTION_WAIT_TIME)).isEqualTo(3);
      PoolSnapshot snapshot = snapshot();
      assertThat(snapshot.name()).isEqualTo("127.0.0.1:" + redis.server().port() + "/0");
      assertThat(snapshot.active()).isEqualTo(2);
      assertThat(snapshot.idle()).isEqualTo(1);
      assertThat(snapshot.utilization()).isEqualTo(0.5);

      first.close();
      second.close();
      assertThat(count(CONNECTION_STATE_USED)).isZero();
      assertThat(count(CONNECTION_STATE_IDLE)).isEqualTo(3);
    } finally {
      pool.close();
    }
    assertThat(telemetry.pools().snapshot()).isEmpty();
    assertThat(count(CONNECTION_STATE_IDLE)).isNull();
  }

  @Test
  void exhaustingTheGenericPoolCountsTimeoutsAndWaitingBorrowsArePending() throws Exception {
    var config = config(1);
    config.setBlockWhenExhausted(false);
    var pool = genericPool(config);
    PoolRegistration registration = lettuce.instrumentPool(pool, poolName);
    try {
      var only = registration.borrow(pool::borrowObject);
      assertThatThrownBy(() -> registration.borrow(pool::borrowObject))
          .isInstanceOf(NoSuchElementException.class);
      assertThat(value(METRIC_CONNECTION_TIMEOUTS)).isEqualTo(1);

      // the same pool, now blocking: a second borrower waits (pending), then gets the connection
      // back
      pool.setBlockWhenExhausted(true);
      pool.setMaxWait(Duration.ofSeconds(30));
      Future<String> waiter =
          executor.submit(
              () -> {
                try (var connection = registration.borrow(pool::borrowObject)) {
                  return connection.sync().ping();
                }
              });
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> Long.valueOf(1).equals(value(METRIC_CONNECTION_PENDING_REQUESTS)));
      assertThat(snapshot().waiters()).isEqualTo(1);
      only.close();
      assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo("PONG");
      assertThat(value(METRIC_CONNECTION_PENDING_REQUESTS)).isZero();

      // and a wait that elapses is a timeout too
      var held = registration.borrow(pool::borrowObject);
      assertThatThrownBy(() -> registration.borrow(() -> pool.borrowObject(Duration.ofMillis(20))))
          .isInstanceOf(NoSuchElementException.class);
      assertThat(value(METRIC_CONNECTION_TIMEOUTS)).isEqualTo(2);
      assertThat(snapshot().timeouts()).isEqualTo(2);
      held.close();
    } finally {
      pool.close();
    }
  }

  @Test
  void aRedisRestartMidUseCountsConnectionErrorsAndThePoolRecovers() throws Exception {
    var config = config(2);
    config.setTestOnBorrow(true); // Lettuce's validation: the connection is open (not disconnected)
    var pool = genericPool(config);
    PoolRegistration registration = lettuce.instrumentPool(pool, poolName);
    RedisServer server = redis.server();
    try {
      try (var connection = registration.borrow(pool::borrowObject)) {
        assertThat(connection.sync().ping()).isEqualTo("PONG");
      }
      assertThat(pool.getNumIdle()).isEqualTo(1);

      server.kill();
      // borrowing while the server is down: the idle connection fails validation once Lettuce has
      // seen its
      // channel close (closed), and a new one is refused (connect)
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                try {
                  registration.borrow(pool::borrowObject).close();
                } catch (Exception expected) {
                  // the server is down
                }
                assertThat(errors(ConnectionErrorType.CONNECT)).isPositive();
              });
      assertThat(snapshot().errors(ConnectionErrorType.CONNECT)).isPositive();

      server.restart();
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                try (var connection = registration.borrow(pool::borrowObject)) {
                  assertThat(connection.sync().ping()).isEqualTo("PONG");
                }
              });
      assertThat(count(CONNECTION_STATE_USED)).isZero();
      assertThat(count(CONNECTION_STATE_IDLE)).isEqualTo(pool.getNumIdle()).isPositive();
      assertThat(errors(ConnectionErrorType.AUTH)).isZero();
    } finally {
      pool.close();
    }
  }

  @Test
  void aWrongPasswordCountsAuthErrorsOnBothPoolKinds() throws Exception {
    try (RedisServer secured = RedisServer.builder().password("right").start()) {
      RedisURI wrong =
          RedisURI.builder()
              .withHost("127.0.0.1")
              .withPort(secured.port())
              .withPassword("wrong".toCharArray())
              .build();
      RedisClient wrongClient = lettuce.instrument(RedisClient.create(wrong));
      String name = PoolTelemetry.defaultName("127.0.0.1", secured.port(), 0);
      try {
        GenericObjectPool<StatefulRedisConnection<String, String>> pool =
            ConnectionPoolSupport.createGenericObjectPool(() -> wrongClient.connect(), config(2));
        PoolRegistration registration = lettuce.instrumentPool(pool, name);
        assertThatThrownBy(() -> registration.borrow(pool::borrowObject))
            .hasStackTraceContaining("WRONGPASS");
        assertThat(pointErrors(registration.name(), ConnectionErrorType.AUTH)).isEqualTo(1);
        assertThat(pointErrors(registration.name(), ConnectionErrorType.CONNECT)).isZero();
        pool.close();

        BoundedAsyncPool<StatefulRedisConnection<String, String>> async =
            AsyncConnectionPoolSupport.createBoundedObjectPool(
                () -> wrongClient.connectAsync(StringCodec.UTF8, wrong),
                BoundedPoolConfig.builder().maxTotal(2).minIdle(0).build());
        PoolRegistration asyncRegistration = lettuce.instrumentPool(async, name);
        CompletableFuture<StatefulRedisConnection<String, String>> acquired =
            asyncRegistration.acquire(async::acquire);
        assertThatThrownBy(acquired::join)
            .isInstanceOf(CompletionException.class)
            .hasStackTraceContaining("WRONGPASS");
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    Long.valueOf(1)
                        .equals(pointErrors(asyncRegistration.name(), ConnectionErrorType.AUTH)));
        async.close();
      } finally {
        wrongClient.shutdown();
      }
    }
  }

  @Test
  void theBoundedAsyncPoolReportsItsStateExhaustionAndClose() {
    BoundedAsyncPool<StatefulRedisConnection<String, String>> pool =
        AsyncConnectionPoolSupport.createBoundedObjectPool(
            () -> client.connectAsync(StringCodec.UTF8, RedisURI.create(redis.server().uri())),
            BoundedPoolConfig.builder().maxTotal(3).maxIdle(3).minIdle(1).build());
    PoolRegistration registration = lettuce.instrumentPool(pool, poolName);
    try {
      // the pool counts its minIdle connection as idle just after the creation completes
      await().atMost(Duration.ofSeconds(10)).until(() -> pool.getIdle() == 1);
      assertThat(count(CONNECTION_STATE_IDLE)).isEqualTo(pool.getIdle()).isEqualTo(1);
      assertThat(count(CONNECTION_STATE_USED)).isZero();
      assertThat(value(METRIC_CONNECTION_MAX)).isEqualTo(3);
      assertThat(value(METRIC_CONNECTION_IDLE_MAX)).isEqualTo(3);
      assertThat(value(METRIC_CONNECTION_IDLE_MIN)).isEqualTo(1);
      assertThat(value(METRIC_CONNECTION_PENDING_REQUESTS)).isZero();

      // each acquire takes the idle connection (or creates one) and the pool refills minIdle in the
      // background
      var first = acquireAndSettle(registration, pool);
      var second = acquireAndSettle(registration, pool);
      assertThat(first.sync().ping()).isEqualTo("PONG");
      assertThat(count(CONNECTION_STATE_USED))
          .isEqualTo(pool.getObjectCount() - pool.getIdle())
          .isEqualTo(2);
      assertThat(count(CONNECTION_STATE_IDLE)).isEqualTo(pool.getIdle()).isEqualTo(1);
      var third = acquireAndSettle(registration, pool);
      assertThat(count(CONNECTION_STATE_USED)).isEqualTo(3);
      assertThat(count(CONNECTION_STATE_IDLE)).isZero();
      assertThat(snapshot().utilization()).isEqualTo(1.0);

      // BoundedAsyncPool never queues: an acquire beyond maxTotal fails at once ("Pool exhausted")
      CompletableFuture<StatefulRedisConnection<String, String>> fourth =
          registration.acquire(pool::acquire);
      assertThatThrownBy(fourth::join).hasCauseInstanceOf(NoSuchElementException.class);
      assertThat(value(METRIC_CONNECTION_TIMEOUTS)).isEqualTo(1);
      assertThat(snapshot().timeouts()).isEqualTo(1);
      assertThat(histogramCount(METRIC_CONNECTION_WAIT_TIME)).isEqualTo(3);

      first.close(); // wrapped: back to the pool
      second.close();
      third.close();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> Long.valueOf(3).equals(count(CONNECTION_STATE_IDLE)));
      assertThat(count(CONNECTION_STATE_USED)).isZero();
    } finally {
      pool.close();
    }
    assertThat(count(CONNECTION_STATE_IDLE)).isNull();
    assertThat(value(METRIC_CONNECTION_MAX)).isNull();
    assertThat(telemetry.pools().snapshot()).isEmpty();
    assertThat(registration.isClosed()).isTrue();
  }

  private static StatefulRedisConnection<String, String> acquireAndSettle(
      PoolRegistration registration,
      BoundedAsyncPool<StatefulRedisConnection<String, String>> pool) {
    StatefulRedisConnection<String, String> connection = registration.acquire(pool::acquire).join();
    await().atMost(Duration.ofSeconds(10)).until(() -> pool.getCreationInProgress() == 0);
    return connection;
  }

  // ---- reading the points of the pool
  // ----------------------------------------------------------------------

  private PoolSnapshot snapshot() {
    List<PoolSnapshot> snapshots = telemetry.pools().snapshot();
    assertThat(snapshots).hasSize(1);
    return snapshots.get(0);
  }

  private Long count(String state) {
    return point(
        METRIC_CONNECTION_COUNT,
        Attributes.of(DB_CLIENT_CONNECTION_POOL_NAME, poolName, DB_CLIENT_CONNECTION_STATE, state));
  }

  private Long value(String metric) {
    return point(metric, Attributes.of(DB_CLIENT_CONNECTION_POOL_NAME, poolName));
  }

  private Long errors(ConnectionErrorType type) {
    return pointErrors(poolName, type);
  }

  private Long pointErrors(String pool, ConnectionErrorType type) {
    return point(
        METRIC_CONNECTION_ERRORS,
        Attributes.of(DB_CLIENT_CONNECTION_POOL_NAME, pool, ERROR_TYPE, type.value()));
  }

  private Long point(String metric, Attributes attributes) {
    return otel.sumPoint(metric, attributes);
  }

  private long histogramCount(String metric) {
    return otel.histogramCount(metric, DB_CLIENT_CONNECTION_POOL_NAME, poolName);
  }
}
