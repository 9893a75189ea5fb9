package dev.redlens.project;

import static dev.redlens.core.RedlensSemconv.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redlens.conformance.drivers.JedisClientDriver;
import dev.redlens.core.RedisTelemetry;
import dev.redlens.jedis.JedisTelemetry;
import dev.redlens.testing.InMemoryTelemetry;
import dev.redlens.testing.RedisServer;
import dev.redlens.testing.RedisServerExtension;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * A project-scoped Jedis client is redlens-jedis's client with the project's hook: it has the plain
 * client's bounded reply queue, pool metrics and failure paths (the scoped copy it replaced had
 * none of them).
 */
class JedisScopedClientTelemetryTest {

  @RegisterExtension static final RedisServerExtension redis = RedisServerExtension.create();

  private final String project = UUID.randomUUID().toString();
  private final InMemoryTelemetry otel = new InMemoryTelemetry();
  private RedisTelemetry telemetry;
  private ProjectKeyspace keyspace;

  @BeforeEach
  void createTelemetry() {
    telemetry = RedisTelemetry.create(otel.openTelemetry());
    keyspace = ProjectKeyspace.of(project).withTelemetry(telemetry);
  }

  @AfterEach
  void close() {
    telemetry.close();
    otel.close();
  }

  private UnifiedJedis scoped(RedisServer server, ConnectionPoolConfig poolConfig) {
    return keyspace.jedisPooled(
        new HostAndPort(server.host(), server.port()),
        DefaultJedisClientConfig.builder().socketTimeoutMillis(10_000).build(),
        poolConfig);
  }

  @Test
  void theReplyQueueIsBoundedAndRepliesPastTheBoundAreStillUnprefixed() {
    int bound = JedisTelemetry.DEFAULT_MAX_PENDING_REPLIES;
    try (UnifiedJedis jedis = scoped(redis.server(), null)) {
      jedis.set("warm", "up");
      otel.reset();
      List<Response<String>> sets = new ArrayList<>();
      Response<java.util.Set<String>> keys;
      try (AbstractPipeline pipeline = JedisClientDriver.openPipeline(jedis)) {
        for (int i = 0; i < bound + 100; i++) {
          sets.add(pipeline.set("k" + i, "v"));
        }
        keys = pipeline.keys("warm*"); // past the bound: untracked, but its reply needs the hook
        pipeline.sync();
      }
      assertThat(sets).allSatisfy(r -> assertThat(r.get()).isEqualTo("OK"));
      assertThat(keys.get()).containsExactly("warm");
      // the first `bound` commands were traced, the rest only counted
      assertThat(otel.spans("SET")).hasSize(bound);
      assertThat(otel.spans("KEYS")).isEmpty();

      assertThat(jedis.get("warm")).isEqualTo("up"); // all replies read: tracing resumes
      assertThat(otel.awaitSpans("GET", 1).get(0).getAttributes().get(REDLENS_PROJECT_ID))
          .isEqualTo(project);
    }
  }

  @Test
  void itsPoolReportsConnectionMetricsUnderHostPortDb() {
    ConnectionPoolConfig poolConfig = new ConnectionPoolConfig();
    poolConfig.setMaxTotal(3);
    poolConfig.setJmxEnabled(false);
    try (UnifiedJedis jedis = scoped(redis.server(), poolConfig)) {
      String poolName = "127.0.0.1:" + redis.server().port() + "/0";
      AbstractPipeline held = JedisClientDriver.openPipeline(jedis);
      held.set("k", "v");
      held.sync();
      jedis.get("k");

      assertThat(poolPoint(METRIC_CONNECTION_COUNT, poolName, CONNECTION_STATE_USED)).isEqualTo(1);
      assertThat(poolPoint(METRIC_CONNECTION_COUNT, poolName, CONNECTION_STATE_IDLE)).isEqualTo(1);
      assertThat(poolPoint(METRIC_CONNECTION_MAX, poolName, null)).isEqualTo(3);
      assertThat(telemetry.pools().snapshot())
          .anySatisfy(
              pool -> {
                assertThat(pool.name()).isEqualTo(poolName);
                assertThat(pool.active()).isEqualTo(1);
              });
      held.close();
    }
    assertThat(telemetry.pools().snapshot()).isEmpty(); // closing the client ends its registration
  }

  @Test
  void aCommandThatGetsNoConnectionIsRecordedWithTheProject() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort(); // nothing listens there once closed
    }
    try (UnifiedJedis jedis =
        keyspace.jedisPooled("redis://127.0.0.1:" + closedPort, new ConnectionPoolConfig())) {
      assertThatThrownBy(() -> jedis.get("k")).isInstanceOf(JedisConnectionException.class);
    }
    SpanData get = otel.span("GET");
    assertThat(get.getAttributes().get(ERROR_TYPE)).isEqualTo("connection");
    assertThat(get.getAttributes().get(REDLENS_PROJECT_ID)).isEqualTo(project);
    assertThat(get.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(otel.errorCount("connection", null)).isEqualTo(1);
  }

  @Test
  void aPooledConnectionFoundDeadInUseIsCountedOnItsPool() {
    try (RedisServer doomed = RedisServer.start();
        UnifiedJedis jedis = scoped(doomed, new ConnectionPoolConfig())) {
      jedis.set("k", "v"); // one idle connection in the pool
      doomed.restart(); // the pooled connection is dead; the pool does not test on borrow
      assertThatThrownBy(() -> jedis.get("k")).isInstanceOf(JedisConnectionException.class);
      String poolName = "127.0.0.1:" + doomed.port() + "/0";
      assertThat(
              otel.sumPoint(
                  METRIC_CONNECTION_ERRORS,
                  Attributes.of(DB_CLIENT_CONNECTION_POOL_NAME, poolName, ERROR_TYPE, "closed")))
          .isEqualTo(1);
      assertThat(otel.span("GET").getAttributes().get(ERROR_TYPE)).isEqualTo("connection");
    }
  }

  private Long poolPoint(String metric, String poolName, String state) {
    Attributes attributes =
        state == null
            ? Attributes.of(DB_CLIENT_CONNECTION_POOL_NAME, poolName)
            : Attributes.of(
                DB_CLIENT_CONNECTION_POOL_NAME, poolName, DB_CLIENT_CONNECTION_STATE, state);
    return otel.sumPoint(metric, attributes);
  }
}
