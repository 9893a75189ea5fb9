package dev.redlens.jedis;

import static dev.redlens.core.RedlensSemconv.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.redlens.conformance.drivers.JedisClientDriver;
import dev.redlens.core.RedisTelemetry;
import dev.redlens.core.pool.ConnectionErrorType;
import dev.redlens.core.pool.PoolSnapshot;
import dev.redlens.core.pool.PoolTelemetry;
import dev.redlens.testing.InMemoryTelemetry;
import dev.redlens.testing.RedisServer;
import dev.redlens.testing.RedisServerExtension;
import io.opentelemetry.api.common.Attributes;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The pool of {@link JedisTelemetry#pooled} clients ({@code db.client.connection.*}, {@code
 * redis.client.connection.errors}) against a real redis-server, asserted with the real
 * OpenTelemetry SDK. A pipeline holds its connection until it is closed, so pipelines borrow
 * connections here.
 */
class JedisPoolTelemetryTest {

  @RegisterExtension static final RedisServerExtension redis = RedisServerExtension.create();

  private final InMemoryTelemetry otel = new InMemoryTelemetry();
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private RedisTelemetry telemetry;
  private JedisTelemetry jedis;
  private String poolName;

  @BeforeEach
  void createTelemetry() {
    telemetry = RedisTelemetry.create(otel.openTelemetry());
    jedis = JedisTelemetry.create(telemetry);
    poolName = PoolTelemetry.defaultName("127.0.0.1", redis.server().port(), 0);
  }

  @AfterEach
  void close() {
    executor.shutdownNow();
    telemetry.close();
    otel.close();
  }

  private static ConnectionPoolConfig config(int maxTotal) {
    ConnectionPoolConfig config = new ConnectionPoolConfig();
    config.setMaxTotal(maxTotal);
    config.setMaxIdle(maxTotal);
    config.setJmxEnabled(false);
    config.setTimeBetweenEvictionRuns(
        Duration.ofMillis(-1)); // no evictor: every destroyed connection is the test's
    return config;
  }

  @Test
  void usedAndIdleCountsMatchThePoolWhileConnectionsAreBorrowed() {
    try (UnifiedJedis client = jedis.pooled(redis.server().uri(), config(4))) {
      assertThat(jedis.poolName(client)).hasValue("127.0.0.1:" + redis.server().port() + "/0");
      // Jedis 8's client borrows a connection of its own when it is built (to learn the protocol
      // the server speaks): a real borrow and use, counted like the application's
      long clientsOwn = histogramCount(METRIC_CONNECTION_WAIT_TIME);
      assertThat(clientsOwn).isBetween(0L, 1L);
      assertThat(histogramCount(METRIC_CONNECTION_USE_TIME)).isEqualTo(clientsOwn);
      AbstractPipeline first = JedisClientDriver.openPipeline(client);
      AbstractPipeline second = JedisClientDriver.openPipeline(client);
      AbstractPipeline third = JedisClientDriver.openPipeline(client);
      first.set("k", "v");
      first.sync();
      third.close(); // back to the pool

      assertThat(JedisPools.of(client).getNumActive()).isEqualTo(2);
      assertThat(JedisPools.of(client).getNumIdle()).isEqualTo(1);
      assertThat(count(CONNECTION_STATE_USED)).isEqualTo(JedisPools.of(client).getNumActive());
      assertThat(count(CONNECTION_STATE_IDLE)).isEqualTo(JedisPools.of(client).getNumIdle());
      assertThat(value(METRIC_CONNECTION_MAX)).isEqualTo(4);
      assertThat(value(METRIC_CONNECTION_IDLE_MAX)).isEqualTo(4);
      assertThat(value(METRIC_CONNECTION_PENDING_REQUESTS)).isZero();
      assertThat(histogramCount(METRIC_CONNECTION_WAIT_TIME)).isEqualTo(clientsOwn + 3);
      assertThat(histogramCount(METRIC_CONNECTION_CREATE_TIME)).isEqualTo(3);
      assertThat(histogramCount(METRIC_CONNECTION_USE_TIME)).isEqualTo(clientsOwn + 1);
      PoolSnapshot snapshot = jedis.poolSnapshot(client).orElseThrow();
      assertThat(snapshot.name()).isEqualTo(poolName);
      assertThat(snapshot.active()).isEqualTo(2);
      assertThat(snapshot.idle()).isEqualTo(1);
      assertThat(snapshot.utilization()).isEqualTo(0.5);
      assertThat(snapshot.errorCount()).isZero();

      first.close();
      second.close();
      assertThat(client.get("k"))
          .isEqualTo("v"); // a plain command borrows and returns an idle connection
      assertThat(count(CONNECTION_STATE_USED)).isZero();
      assertThat(count(CONNECTION_STATE_IDLE))
          .isEqualTo(JedisPools.of(client).getNumIdle())
          .isEqualTo(3);
      assertThat(histogramCount(METRIC_CONNECTION_WAIT_TIME)).isEqualTo(clientsOwn + 4);
      assertThat(histogramCount(METRIC_CONNECTION_CREATE_TIME)).isEqualTo(3);
      assertThat(histogramCount(METRIC_CONNECTION_USE_TIME)).isEqualTo(clientsOwn + 4);
      assertThat(value(METRIC_CONNECTION_TIMEOUTS)).isZero();
    }
  }

  @Test
  void exhaustingThePoolCountsTimeoutsAndWaitingBorrowersArePending() throws Exception {
    ConnectionPoolConfig config = config(1);
    config.setBlockWhenExhausted(false);
    try (UnifiedJedis client = jedis.pooled(redis.server().uri(), config)) {
      AbstractPipeline held = JedisClientDriver.openPipeline(client); // the only connection
      // Jedis wraps commons-pool2's "Pool exhausted" (a cause-less NoSuchElementException) in a
      // JedisException
      assertThatThrownBy(() -> client.get("k"))
          .isInstanceOf(JedisException.class)
          .hasCauseInstanceOf(NoSuchElementException.class);
      assertThat(value(METRIC_CONNECTION_TIMEOUTS)).isEqualTo(1);
      assertThat(errors(ConnectionErrorType.CONNECT)).isZero();
      assertThat(errors(ConnectionErrorType.TIMEOUT)).isZero();

      // blocking now: a borrower waits (pending) and gets the connection once it is returned
      JedisPools.of(client).setBlockWhenExhausted(true);
      JedisPools.of(client).setMaxWait(Duration.ofSeconds(30));
      Future<String> waiter = executor.submit(() -> client.ping());
      awaitPending(1);
      assertThat(jedis.poolSnapshot(client).orElseThrow().waiters()).isEqualTo(1);
      held.close();
      assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo("PONG");
      assertThat(value(METRIC_CONNECTION_PENDING_REQUESTS)).isZero();
      assertThat(value(METRIC_CONNECTION_TIMEOUTS)).isEqualTo(1);

      // a borrower whose maxWait elapses: pending while it waits, then a timeout
      AbstractPipeline heldAgain = JedisClientDriver.openPipeline(client);
      JedisPools.of(client).setMaxWait(Duration.ofSeconds(2));
      Future<String> timingOut = executor.submit(() -> client.ping());
      awaitPending(1);
      assertThatThrownBy(() -> timingOut.get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(JedisException.class)
          .hasCauseInstanceOf(NoSuchElementException.class);
      assertThat(value(METRIC_CONNECTION_PENDING_REQUESTS)).isZero();
      assertThat(value(METRIC_CONNECTION_TIMEOUTS)).isEqualTo(2);
      assertThat(jedis.poolSnapshot(client).orElseThrow().timeouts()).isEqualTo(2);
      assertThat(jedis.poolSnapshot(client).orElseThrow().errorCount()).isZero();
      heldAgain.close();
    }
  }

  @Test
  void aRedisRestartMidUseCountsConnectionErrorsAndThePoolRecovers() {
    RedisServer server = redis.server();
    try (UnifiedJedis client = jedis.pooled(server.uri(), config(2))) {
      AbstractPipeline inUse = JedisClientDriver.openPipeline(client);
      inUse.set("k", "v");
      inUse.sync();
      assertThat(client.ping()).isEqualTo("PONG"); // a second connection, idle now
      assertThat(JedisPools.of(client).getNumIdle()).isEqualTo(1);

      server.kill();
      // the borrowed connection breaks under its pipeline (closed)
      inUse.get("k");
      assertThatThrownBy(inUse::sync).isInstanceOf(JedisException.class);
      try {
        inUse.close();
      } catch (JedisException expected) {
        // the broken connection goes back to the pool, which destroys it
      }
      assertThat(errors(ConnectionErrorType.CLOSED)).isEqualTo(1);
      // commands while the server is down: the idle connection is found dead (closed), a new one is
      // refused
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                assertThatThrownBy(client::ping).isInstanceOf(JedisException.class);
                assertThat(errors(ConnectionErrorType.CONNECT)).isPositive();
              });
      assertThat(errors(ConnectionErrorType.CLOSED)).isEqualTo(2);
      PoolSnapshot down = jedis.poolSnapshot(client).orElseThrow();
      assertThat(down.errors(ConnectionErrorType.CONNECT)).isPositive();
      assertThat(down.used()).isZero();

      server.restart();
      await()
          .atMost(Duration.ofSeconds(20))
          .ignoreExceptions()
          .until(() -> "PONG".equals(client.ping()));
      client.set("k", "again");
      assertThat(client.get("k")).isEqualTo("again");
      assertThat(count(CONNECTION_STATE_USED)).isZero();
      assertThat(count(CONNECTION_STATE_IDLE))
          .isEqualTo(JedisPools.of(client).getNumIdle())
          .isPositive();
      assertThat(errors(ConnectionErrorType.AUTH)).isZero();
      assertThat(errors(ConnectionErrorType.TIMEOUT)).isZero();
      assertThat(value(METRIC_CONNECTION_TIMEOUTS)).isZero();
    }
  }

  @Test
  void aWrongPasswordCountsAnAuthError() {
    try (RedisServer secured = RedisServer.builder().password("right").start();
        UnifiedJedis client =
            jedis.pooled(
                new HostAndPort("127.0.0.1", secured.port()),
                DefaultJedisClientConfig.builder().password("wrong").build(),
                config(2))) {
      String name = PoolTelemetry.defaultName("127.0.0.1", secured.port(), 0);
      assertThat(jedis.poolName(client)).hasValue(name);
      // Jedis 8's client tried a connection of its own when it was built (and let the failure go)
      Long clientsOwn = errors(name, ConnectionErrorType.AUTH);
      long before = clientsOwn == null ? 0 : clientsOwn;
      assertThat(before).isLessThanOrEqualTo(1);
      assertThatThrownBy(client::ping)
          .isInstanceOf(JedisException.class)
          .hasStackTraceContaining("WRONGPASS");
      assertThat(errors(name, ConnectionErrorType.AUTH))
          .isEqualTo(before + 1); // once per attempt, though factory and borrow saw it
      assertThat(errors(name, ConnectionErrorType.CONNECT)).isZero();
      assertThat(errors(name, ConnectionErrorType.CLOSED)).isZero();
      assertThat(jedis.poolSnapshot(client).orElseThrow().errors(ConnectionErrorType.AUTH))
          .isEqualTo(before + 1);
    }
  }

  @Test
  void closingTheClientRemovesItsPoolPoints() {
    UnifiedJedis first = jedis.pooled(redis.server().uri(), config(2));
    UnifiedJedis second = jedis.pooled(redis.server().uri(), config(2));
    try {
      first.ping();
      second.ping();
      String secondName = jedis.poolName(second).orElseThrow();
      assertThat(jedis.poolName(first)).hasValue(poolName);
      assertThat(secondName)
          .isEqualTo(poolName + "#2"); // the same server and database: made unique
      assertThat(count(CONNECTION_STATE_IDLE)).isEqualTo(1);
      assertThat(telemetry.pools().snapshot()).hasSize(2);

      first.close();
      assertThat(count(CONNECTION_STATE_IDLE)).isNull(); // absent, not zero
      assertThat(count(CONNECTION_STATE_USED)).isNull();
      assertThat(value(METRIC_CONNECTION_MAX)).isNull();
      assertThat(value(METRIC_CONNECTION_TIMEOUTS)).isNull();
      assertThat(errors(ConnectionErrorType.CONNECT)).isNull();
      assertThat(jedis.poolName(first)).isEmpty();
      assertThat(jedis.poolSnapshot(first)).isEmpty();
      assertThat(telemetry.pools().snapshot())
          .extracting(PoolSnapshot::name)
          .containsExactly(secondName);
      assertThat(
              point(
                  METRIC_CONNECTION_COUNT,
                  Attributes.of(
                      DB_CLIENT_CONNECTION_POOL_NAME,
                      secondName,
                      DB_CLIENT_CONNECTION_STATE,
                      CONNECTION_STATE_IDLE)))
          .isEqualTo(1);
    } finally {
      first.close();
      second.close();
    }
    assertThat(telemetry.pools().snapshot()).isEmpty();
    assertThat(
            otel.metric(METRIC_CONNECTION_COUNT) == null
                || otel.metric(METRIC_CONNECTION_COUNT).getLongSumData().getPoints().isEmpty())
        .isTrue();
  }

  // ---- reading the points of the pool
  // ----------------------------------------------------------------------

  private void awaitPending(long pending) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Long.valueOf(pending).equals(value(METRIC_CONNECTION_PENDING_REQUESTS)));
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
    return errors(poolName, type);
  }

  private Long errors(String pool, ConnectionErrorType type) {
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
