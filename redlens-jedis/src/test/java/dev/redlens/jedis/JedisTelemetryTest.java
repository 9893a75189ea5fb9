package dev.redlens.jedis;

import static dev.redlens.core.RedlensSemconv.*;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.redlens.conformance.drivers.JedisClientDriver;
import dev.redlens.core.RedisTelemetry;
import dev.redlens.testing.InMemoryTelemetry;
import dev.redlens.testing.RedisServerExtension;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
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
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * What only Jedis has, against a real redis-server: its pool shared by threads, the bound on traced
 * pending replies, commands that get no connection, the database of the URI, a client closed under
 * pending pipelined commands, and pub/sub. What both clients share is in the conformance suites
 * ({@code Jedis{Pooled,Single}{Command,Failure}TelemetryTest}).
 */
class JedisTelemetryTest {

  @RegisterExtension static final RedisServerExtension redis = RedisServerExtension.create();

  private final InMemoryTelemetry otel = new InMemoryTelemetry();
  private RedisTelemetry telemetry;

  @BeforeEach
  void createTelemetry() {
    telemetry = RedisTelemetry.create(otel.openTelemetry());
  }

  @AfterEach
  void close() {
    telemetry.close();
    otel.close();
  }

  @Test
  void thePooledClientsConnectionsAreSharedByThreads() throws Exception {
    ConnectionPoolConfig poolConfig = new ConnectionPoolConfig();
    poolConfig.setMaxTotal(3);
    ExecutorService threads = Executors.newFixedThreadPool(6);
    try (UnifiedJedis jedis =
        JedisTelemetry.create(telemetry).pooled(redis.server().uri(), poolConfig)) {
      jedis.set("shared", "v");
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        futures.add(
            threads.submit(
                () -> {
                  for (int i = 0; i < 50; i++) {
                    assertThat(jedis.get("shared")).isEqualTo("v");
                    assertThat(jedis.get("absent")).isNull();
                  }
                }));
      }
      for (Future<?> future : futures) {
        future.get(30, TimeUnit.SECONDS);
      }
      assertThat(JedisPools.of(jedis).getCreatedCount()).isLessThanOrEqualTo(3);
    } finally {
      threads.shutdownNow();
    }
    List<SpanData> gets = otel.awaitSpans("GET", 600);
    assertThat(gets).hasSize(600);
    assertThat(gets.stream().filter(s -> "hit".equals(s.getAttributes().get(REDIS_CACHE_RESULT))))
        .hasSize(300);
    assertThat(gets.stream().filter(s -> "GET shared".equals(s.getAttributes().get(DB_QUERY_TEXT))))
        .hasSize(300)
        .allSatisfy(s -> assertThat(s.getAttributes().get(REDIS_CACHE_RESULT)).isEqualTo("hit"));
    assertThat(telemetry.snapshot().cache().misses()).isEqualTo(300);
  }

  @Test
  void aPipelineDeeperThanTheBoundIsAnsweredCorrectlyAndTracedUpToTheBound() {
    JedisTelemetry bounded = JedisTelemetry.builder(telemetry).setMaxPendingReplies(10).build();
    try (UnifiedJedis jedis = bounded.pooled(redis.server().uri(), null)) {
      jedis.set("warm", "up");
      otel.reset();
      List<Response<String>> replies = new ArrayList<>();
      try (AbstractPipeline pipeline = JedisClientDriver.openPipeline(jedis)) {
        for (int i = 0; i < 25; i++) {
          pipeline.set("k" + i, "v" + i);
          replies.add(pipeline.get("k" + i));
        }
        pipeline.sync();
      }
      for (int i = 0; i < 25; i++) {
        assertThat(replies.get(i).get()).isEqualTo("v" + i);
      }
      assertThat(otel.spans("SET")).hasSize(5);
      assertThat(otel.spans("GET")).hasSize(5);

      jedis.get("k0"); // the pending replies were all read: tracing resumes
      assertThat(otel.awaitSpans("GET", 6)).hasSize(6);
      assertThat(otel.spans("GET").get(5).getAttributes().get(REDIS_CACHE_RESULT)).isEqualTo("hit");
    }
  }

  @Test
  void aCommandThatGetsNoConnectionIsRecordedAsAConnectionError() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort(); // nothing listens there once closed
    }
    try (UnifiedJedis jedis =
        JedisTelemetry.create(telemetry).pooled("redis://127.0.0.1:" + closedPort, null)) {
      assertThatThrownBy(() -> jedis.get("k")).isInstanceOf(JedisConnectionException.class);
    }
    SpanData get = otel.span("GET");
    assertThat(get)
        .hasAttributesSatisfying(
            equalTo(ERROR_TYPE, "connection"), equalTo(SERVER_PORT, (long) closedPort));
    assertThat(get.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(otel.errorCount("connection", null)).isEqualTo(1);
  }

  @Test
  void theDatabaseOfTheUriIsSelectedAndReportedAsTheNamespace() {
    try (UnifiedJedis pooled =
            JedisTelemetry.create(telemetry).pooled(redis.server().uri() + "/3", null);
        UnifiedJedis single =
            JedisTelemetry.create(telemetry).single(redis.server().uri() + "/4")) {
      pooled.set("in-three", "v");
      single.set("in-four", "v");
    }
    assertThat(redis.server().execute("INFO", "keyspace"))
        .contains("db3:keys=1")
        .contains("db4:keys=1");
    assertThat(otel.awaitSpans("SET", 2))
        .extracting(s -> s.getAttributes().get(DB_NAMESPACE))
        .containsExactlyInAnyOrder("3", "4");
    // the handshake's SELECT is the connection's own, as in Lettuce: not traced
    assertThat(otel.spans("SELECT")).isEmpty();
  }

  @Test
  void closingTheClientEndsThePipelinedCommandsStillAwaitingTheirReplies() {
    UnifiedJedis single = JedisTelemetry.create(telemetry).single(redis.server().uri());
    single.ping();
    AbstractPipeline pipeline = JedisClientDriver.openPipeline(single);
    pipeline.get("a");
    pipeline.get("b");
    single.close(); // the two GETs were written (buffered) but their replies are never read

    assertThat(otel.awaitSpans("GET", 2))
        .hasSize(2)
        .allSatisfy(s -> assertThat(s).hasAttributesSatisfying(equalTo(ERROR_TYPE, "connection")));
    assertThatThrownBy(() -> single.get("a")).isInstanceOf(JedisConnectionException.class);
  }

  @Test
  void theSingleClientReconnectsAfterItsConnectionBroke() {
    try (UnifiedJedis single = JedisTelemetry.create(telemetry).single(redis.server().uri())) {
      single.set("k", "v");
      redis.server().execute("CLIENT", "KILL", "TYPE", "normal");
      assertThatThrownBy(() -> single.get("k")).isInstanceOf(JedisConnectionException.class);
      assertThat(single.get("k")).isEqualTo("v");
    }
    assertThat(otel.awaitSpans("GET", 2))
        .extracting(s -> s.getAttributes().get(ERROR_TYPE))
        .containsExactly("connection", null);
  }

  @Test
  void pubSubMessagesEndNothingAndTheConnectionStaysUsable() throws Exception {
    try (UnifiedJedis jedis = JedisTelemetry.create(telemetry).pooled(redis.server().uri(), null)) {
      List<String> received = new ArrayList<>();
      JedisPubSub subscriber =
          new JedisPubSub() {
            @Override
            public void onMessage(String channel, String message) {
              received.add(message);
              if (received.size() == 3) {
                unsubscribe();
              }
            }
          };
      Thread listener = new Thread(() -> jedis.subscribe(subscriber, "news"), "subscriber");
      listener.start();
      await().until(() -> subscriber.getSubscribedChannels() == 1);
      for (int i = 0; i < 3; i++) {
        jedis.publish("news", "m" + i);
      }
      listener.join(10_000);
      assertThat(received).containsExactly("m0", "m1", "m2");
      assertThat(jedis.get("after-pubsub")).isNull();
    }
    assertThat(otel.span("SUBSCRIBE").getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(otel.awaitSpans("PUBLISH", 3)).hasSize(3);
    assertThat(otel.span("GET").getAttributes().get(REDIS_CACHE_RESULT)).isEqualTo("miss");
  }

  /**
   * {@link JedisTelemetry#connection} for frameworks that make their own {@code Jedis} (Spring Data
   * Redis's {@code JedisConnectionFactory}): its commands are traced, its handshake is not; the
   * compat modules rerun this on Jedis 6 and 7.0, where it is built without {@code
   * Connection.Builder}.
   */
  @Test
  void aConnectionForFrameworksThatMakeTheirOwnJedisIsTraced() {
    try (Jedis jedis =
        new Jedis(
            JedisTelemetry.create(telemetry)
                .connection(
                    new HostAndPort("127.0.0.1", redis.server().port()),
                    DefaultJedisClientConfig.builder().database(2).build()))) {
      jedis.set("own", "v");
      assertThat(jedis.get("own")).isEqualTo("v");
    }
    assertThat(otel.finishedSpans()).extracting(SpanData::getName).containsExactly("SET", "GET");
    assertThat(otel.span("GET").getAttributes().get(REDIS_CACHE_RESULT)).isEqualTo("hit");
    assertThat(otel.span("GET").getAttributes().get(SERVER_PORT))
        .isEqualTo((long) redis.server().port());
    assertThat(otel.span("GET").getAttributes().get(DB_NAMESPACE)).isEqualTo("2");
  }

  /**
   * Reflection over the entry class (Spring introspects the classes it meets) and the choice of the
   * 7.1+ entry points work on the Jedis of the class path; the compat modules rerun this on Jedis 6
   * and 7.0, which have no {@code RedisClient}: with a public method naming it, {@code
   * getDeclaredMethods} threw {@code NoClassDefFoundError} there.
   */
  @Test
  void theEntryClassNamesOnlyTypesThisJedisHas() {
    assertThat(JedisTelemetry.class.getDeclaredMethods()).isNotEmpty();
    assertThat(JedisTelemetry.Builder.class.getDeclaredMethods()).isNotEmpty();
    JedisTelemetry jedis = JedisTelemetry.create(telemetry);
    if (jedisHas("redis.clients.jedis.RedisClient")) {
      assertThat(jedis.redisClients()).isNotNull();
    } else {
      assertThatThrownBy(jedis::redisClients)
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("Jedis 7.1");
    }
  }

  private static boolean jedisHas(String className) {
    try {
      Class.forName(className);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
