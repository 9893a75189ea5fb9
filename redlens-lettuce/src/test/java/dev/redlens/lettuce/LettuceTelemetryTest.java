package dev.redlens.lettuce;

import static dev.redlens.core.RedlensSemconv.*;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.core.TelemetrySnapshot;
import dev.redlens.testing.InMemoryTelemetry;
import dev.redlens.testing.RedisServer;
import dev.redlens.testing.RedisServerExtension;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Lettuce integration against a real redis-server, asserted with the real OpenTelemetry SDK. */
class LettuceTelemetryTest {

  @RegisterExtension static final RedisServerExtension redis = RedisServerExtension.create();

  private final InMemoryTelemetry otel = new InMemoryTelemetry();
  private RedisTelemetry telemetry;
  private RedisClient client;
  private StatefulRedisConnection<String, String> connection;
  private RedisCommands<String, String> sync;

  @BeforeEach
  void connect() {
    telemetry = RedisTelemetry.create(otel.openTelemetry());
    client = LettuceTelemetry.create(telemetry).instrument(RedisClient.create(redis.server().uri()));
    connection = client.connect();
    sync = connection.sync();
    otel.reset(); // the connection handshake (HELLO, CLIENT SETINFO) is not what the tests look at
  }

  @AfterEach
  void close() {
    connection.close();
    client.shutdown();
    telemetry.close();
    otel.close();
  }

  @Test
  void aCommandIsAClientSpanWithTheSemanticConventionAttributes() {
    sync.set("user:1", "secret");

    SpanData span = otel.span("SET");
    assertThat(span)
        .hasKind(SpanKind.CLIENT)
        .hasAttributesSatisfying(
            equalTo(DB_SYSTEM_NAME, "redis"),
            equalTo(DB_OPERATION_NAME, "SET"),
            equalTo(DB_NAMESPACE, "0"),
            equalTo(SERVER_ADDRESS, "127.0.0.1"),
            equalTo(SERVER_PORT, (long) redis.server().port()),
            equalTo(REDIS_COMMAND_CATEGORY, "write"),
            equalTo(REDIS_KEY_COUNT, 1L),
            equalTo(DB_QUERY_TEXT, "SET user:1 ?"));
    assertThat(otel.durationCount("SET")).isEqualTo(1);
  }

  @Test
  void everyCategoryGetsASpanAndAMetricPoint() {
    sync.set("k", "v"); // write
    sync.get("k"); // read
    sync.del("k"); // delete
    sync.info("server"); // admin
    sync.multi(); // transaction
    sync.exec(); // transaction
    sync.publish("channel", "message"); // pubsub
    sync.xadd("stream", Map.of("f", "v")); // stream
    sync.eval("return 1", io.lettuce.core.ScriptOutputType.INTEGER); // scripting
    sync.ping(); // connection
    sync.time(); // other

    Map<String, String> categories = Map.ofEntries(
        Map.entry("SET", "write"),
        Map.entry("GET", "read"),
        Map.entry("DEL", "delete"),
        Map.entry("INFO", "admin"),
        Map.entry("MULTI", "transaction"),
        Map.entry("EXEC", "transaction"),
        Map.entry("PUBLISH", "pubsub"),
        Map.entry("XADD", "stream"),
        Map.entry("EVAL", "scripting"),
        Map.entry("PING", "connection"),
        Map.entry("TIME", "other"));
    categories.forEach(
        (command, category) -> {
          assertThat(otel.span(command).getAttributes().get(REDIS_COMMAND_CATEGORY))
              .as(command)
              .isEqualTo(category);
          assertThat(otel.durationCount(command)).as(command).isEqualTo(1);
        });
    TelemetrySnapshot snapshot = telemetry.snapshot();
    assertThat(snapshot.categories()).hasSize(10);
  }

  @Test
  void hitsAndMissesOfGetMgetHgetAndHmget() {
    sync.set("present", "1");
    sync.hset("h", "f1", "v1");
    otel.reset();

    sync.get("present");
    sync.get("absent");
    sync.mget("present", "absent", "also-absent");
    sync.hget("h", "f1");
    sync.hget("h", "nope");
    sync.hmget("h", "f1", "nope");

    assertThat(otel.awaitSpans("GET", 2))
        .extracting(s -> s.getAttributes().get(REDIS_CACHE_RESULT))
        .containsExactly("hit", "miss");
    SpanData mget = otel.span("MGET");
    assertThat(mget)
        .hasAttributesSatisfying(equalTo(REDIS_CACHE_HITS, 1L), equalTo(REDIS_CACHE_MISSES, 2L));
    otel.span("HMGET"); // the last command has ended
    TelemetrySnapshot.CacheStatistics cache = telemetry.snapshot().cache();
    assertThat(cache.hits()).isEqualTo(1 + 1 + 1 + 1);
    assertThat(cache.misses()).isEqualTo(1 + 2 + 1 + 1);
    assertThat(otel.cacheRequests("MGET", "miss")).isEqualTo(2);
    assertThat(otel.cacheRequests("HMGET", "hit")).isEqualTo(1);
  }

  @Test
  void wrongTypeIsACommandErrorWithItsStatusCode() {
    sync.lpush("list", "a");
    assertThatThrownBy(() -> sync.get("list")).isInstanceOf(RedisCommandExecutionException.class);

    SpanData get = otel.span("GET");
    assertThat(get.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(get)
        .hasAttributesSatisfying(equalTo(ERROR_TYPE, "command"), equalTo(DB_RESPONSE_STATUS_CODE, "WRONGTYPE"));
    assertThat(otel.errorCount("command", "WRONGTYPE")).isEqualTo(1);
    assertThat(telemetry.snapshot().command("GET").errors()).isEqualTo(1);
  }

  @Test
  void outOfMemoryUnderNoEviction() {
    try (RedisServer small =
            RedisServer.builder().config("maxmemory", "1mb").config("maxmemory-policy", "noeviction").start();
        Instrumented lettuce = new Instrumented(telemetry, small.uri())) {
      String big = "x".repeat(64 * 1024);
      assertThatThrownBy(
              () -> {
                for (int i = 0; i < 100; i++) {
                  lettuce.sync.set("big:" + i, big);
                }
              })
          .hasMessageStartingWith("OOM");
      await()
          .untilAsserted(
              () ->
                  assertThat(otel.spans("SET"))
                      .anySatisfy(
                          s -> assertThat(s.getAttributes().get(DB_RESPONSE_STATUS_CODE)).isEqualTo("OOM")));
      assertThat(otel.errorCount("command", "OOM")).isEqualTo(1);
    }
  }

  @Test
  void aCommandThatOutlivesItsTimeoutEndsAsTimeout() {
    connection.setTimeout(Duration.ofMillis(200));
    try (Instrumented other = new Instrumented(telemetry, redis.server().uri())) {
      other.sync.clientPause(1500);
      assertThatThrownBy(() -> sync.get("k")).hasMessageContaining("timed out");
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> !otel.spans("GET").isEmpty());
    assertThat(otel.span("GET")).hasAttributesSatisfying(equalTo(ERROR_TYPE, "timeout"));
    assertThat(otel.span("GET").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(telemetry.snapshot().errorsByType()).containsEntry("timeout", 1L);
  }

  @Test
  void anAsyncCommandCancelledByItsCallerEndsAsCancelledAtOnce() {
    var blocked = connection.async().blpop(0, "never-filled");
    blocked.cancel(true);

    SpanData span = otel.span("BLPOP"); // ended by the cancellation, not by a reply that never comes
    assertThat(span).hasAttributesSatisfying(equalTo(ERROR_TYPE, "cancelled"));
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(otel.errorCount("cancelled", null)).isEqualTo(1);
  }

  @Test
  void aServerKilledMidCommandIsAConnectionErrorAndTheClientRecoversAfterRestart() throws Exception {
    try (RedisServer doomed = RedisServer.start();
        Instrumented lettuce = new Instrumented(telemetry, doomed.uri(), true)) {
      var blocked = lettuce.connection.async().blpop(10, "never");
      await().until(() -> doomed.execute("CLIENT", "LIST").contains("cmd=blpop"));
      doomed.kill();

      assertThatThrownBy(() -> blocked.get(5, TimeUnit.SECONDS)).hasMessageContaining("Connection");
      await().until(() -> !otel.spans("BLPOP").isEmpty());
      assertThat(otel.span("BLPOP")).hasAttributesSatisfying(equalTo(ERROR_TYPE, "connection"));

      doomed.restart();
      await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .until(() -> "v".equals(setAndGet(lettuce.sync)));
      await()
          .untilAsserted(
              () ->
                  assertThat(otel.spans("GET"))
                      .last()
                      .satisfies(s -> assertThat(s.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET)));
      assertThat(otel.errorCount("connection", null)).isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void theSpansParentIsTheCallersCurrentContextWithoutAnAgent() throws Exception {
    Span parent = otel.openTelemetry().getTracer("test").spanBuilder("request").startSpan();
    try (Scope ignored = parent.makeCurrent()) {
      sync.get("sync");
      connection.async().get("async").get(5, TimeUnit.SECONDS);
      connection.reactive().get("reactive").block(Duration.ofSeconds(5));
    }
    parent.end();
    assertThat(otel.awaitSpans("GET", 3))
        .hasSize(3)
        .allSatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId()));
  }

  @Test
  void pipelinedCommandsEachGetTheirOwnSpanAndMeasurement() throws Exception {
    RedisAsyncCommands<String, String> async = connection.async();
    connection.setAutoFlushCommands(false);
    List<io.lettuce.core.RedisFuture<String>> futures = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      futures.add(async.set("p:" + i, "v" + i));
    }
    connection.flushCommands();
    for (var future : futures) {
      assertThat(future.get(5, TimeUnit.SECONDS)).isEqualTo("OK");
    }
    connection.setAutoFlushCommands(true);

    assertThat(otel.awaitSpans("SET", 50)).hasSize(50);
    assertThat(otel.spans("SET").stream().map(s -> s.getSpanContext().getSpanId()).distinct()).hasSize(50);
    assertThat(otel.durationCount("SET")).isEqualTo(50);
    assertThat(telemetry.snapshot().command("SET").count()).isEqualTo(50);
  }

  @Test
  void multiExecGivesEachCommandASpanAndTheBatchSizeOnExec() {
    sync.multi();
    sync.set("a", "1");
    sync.incr("counter");
    sync.get("a");
    TransactionResult result = sync.exec();

    assertThat(result).hasSize(3);
    assertThat(otel.span("EXEC")).hasAttributesSatisfying(equalTo(DB_OPERATION_BATCH_SIZE, 3L));
    assertThat(otel.spans("SET")).hasSize(1);
    assertThat(otel.spans("INCR")).hasSize(1);
    assertThat(otel.span("MULTI").getAttributes().get(REDIS_COMMAND_CATEGORY)).isEqualTo("transaction");
  }

  @Test
  void slowCommandsAreCounted() {
    try (RedisTelemetry strict =
            RedisTelemetry.builder(otel.openTelemetry())
                .setSlowOperationThreshold(Duration.ofMillis(100))
                .build();
        Instrumented lettuce = new Instrumented(strict, redis.server().uri())) {
      lettuce.sync.blpop(0.3, "empty-list"); // blocks ~300 ms on the server, then returns nil
      lettuce.sync.get("fast");
      otel.span("GET"); // ended

      TelemetrySnapshot snapshot = strict.snapshot();
      assertThat(snapshot.command("BLPOP").slow()).isEqualTo(1);
      assertThat(snapshot.command("GET").slow()).isZero();
      assertThat(snapshot.slowOperations()).isEqualTo(1);
      assertThat(otel.slowCount("BLPOP")).isEqualTo(1);
    }
  }

  @Test
  void snapshotPercentilesAgreeWithTheHistogram() {
    for (int i = 0; i < 200; i++) {
      sync.get("k" + i);
    }
    sync.blpop(0.2, "empty"); // one slow outlier
    for (int i = 0; i < 200; i++) {
      sync.set("k" + i, "v");
    }
    otel.awaitSpans("SET", 200); // all ended
    TelemetrySnapshot snapshot = telemetry.snapshot();
    for (String command : List.of("GET", "SET", "BLPOP")) {
      TelemetrySnapshot.CommandStatistics stats = snapshot.command(command);
      var histogram = otel.durationPoint(command);
      assertThat(stats.count()).isEqualTo(histogram.getCount());
      assertThat(otel.bucketOf(histogram, 0.50))
          .as(command + " p50")
          .satisfies(bounds -> assertWithin(stats.latency().p50Micros(), bounds));
      assertThat(otel.bucketOf(histogram, 0.99))
          .as(command + " p99")
          .satisfies(bounds -> assertWithin(stats.latency().p99Micros(), bounds));
      assertThat(stats.latency().maxMicros() / 1e6).isCloseTo(histogram.getMax(), org.assertj.core.data.Offset.offset(histogram.getMax() * 0.01 + 1e-6));
    }
  }

  private static void assertWithin(long micros, double[] bucketSeconds) {
    double seconds = micros / 1e6;
    // HdrHistogram keeps two significant digits: allow 1% around the bucket bounds
    assertThat(seconds).isBetween(bucketSeconds[0] * 0.99, bucketSeconds[1] * 1.01);
  }

  @Test
  void aCommandThatNeverCompletesEndsWhenItsConnectionCloses() {
    try (Instrumented lettuce = new Instrumented(telemetry, redis.server().uri())) {
      lettuce.connection.async().blpop(0, "forever"); // blocks until the connection goes
      await().until(() -> redis.server().execute("CLIENT", "LIST").contains("cmd=blpop"));
      lettuce.connection.close();
    }
    await().until(() -> !otel.spans("BLPOP").isEmpty());
    assertThat(otel.span("BLPOP").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  @Test
  void credentialsAreMaskedEvenWhenQueryTextIsNotSanitized() {
    try (RedisServer secured = RedisServer.builder().password("s3cret-pw").start();
        RedisTelemetry raw =
            RedisTelemetry.builder(otel.openTelemetry()).setSanitizeQueryText(false).build();
        Instrumented lettuce = new Instrumented(raw, secured.uri().replace("redis://", "redis://s3cret-pw@"))) {
      otel.reset();
      lettuce.sync.auth("s3cret-pw");
      lettuce.sync.aclSetuser("alice", io.lettuce.core.AclSetuserArgs.Builder.on().addPassword("alice-pw"));
      lettuce.sync.configSet("requirepass", "s3cret-pw");
      lettuce.sync.set("visible-key", "visible-value");
      lettuce.connection.async().dispatch(
          io.lettuce.core.protocol.CommandType.HELLO,
          new io.lettuce.core.output.StatusOutput<>(io.lettuce.core.codec.StringCodec.UTF8),
          new io.lettuce.core.protocol.CommandArgs<>(io.lettuce.core.codec.StringCodec.UTF8)
              .add(2).add("AUTH").add("default").add("s3cret-pw"));
      assertThatThrownBy(
              () ->
                  lettuce.sync.migrate(
                      "127.0.0.1",
                      1,
                      0,
                      100,
                      io.lettuce.core.MigrateArgs.Builder.<String>keys("visible-key").auth("s3cret-pw")))
          .isInstanceOf(Exception.class);
      await().until(() -> !otel.spans("HELLO").isEmpty() && !otel.spans("MIGRATE").isEmpty());

      List<String> texts =
          otel.finishedSpans().stream().map(s -> s.getAttributes().get(DB_QUERY_TEXT)).toList();
      assertThat(texts).noneMatch(t -> t != null && (t.contains("s3cret-pw") || t.contains("alice-pw")));
      assertThat(otel.span("SET").getAttributes().get(DB_QUERY_TEXT)).isEqualTo("SET visible-key visible-value");
      assertThat(otel.span("AUTH").getAttributes().get(DB_QUERY_TEXT)).isEqualTo("AUTH ?");
    }
  }

  @Test
  void aThrowingTelemetryBackendNeverChangesACommandsResult() {
    try (InMemoryTelemetry failing = InMemoryTelemetry.failing();
        RedisTelemetry broken = RedisTelemetry.create(failing.openTelemetry());
        Instrumented lettuce = new Instrumented(broken, redis.server().uri())) {
      assertThat(lettuce.sync.set("k", "v")).isEqualTo("OK");
      assertThat(lettuce.sync.get("k")).isEqualTo("v");
      assertThat(lettuce.sync.mget("k", "absent"))
          .containsExactly(KeyValue.just("k", "v"), KeyValue.empty("absent"));
      assertThatThrownBy(() -> lettuce.sync.incr("k")).isInstanceOf(RedisCommandExecutionException.class);
      assertThat(broken.snapshot().command("GET").count()).isEqualTo(1);
    }
  }

  @Test
  void commandsUnknownToTheCatalogAreLearnedFromTheServer() {
    try (RedisTelemetry blank =
            RedisTelemetry.builder(otel.openTelemetry())
                .setCommandCatalog(dev.redlens.core.catalog.CommandCatalog.empty())
                .build();
        Instrumented lettuce = new Instrumented(blank, redis.server().uri())) {
      lettuce.sync.set("k", "v");
      otel.span("SET"); // ended
      assertThat(blank.snapshot().command("SET").category())
          .isEqualTo(dev.redlens.core.catalog.CommandCategory.OTHER);

      await().atMost(Duration.ofSeconds(10)).until(() -> blank.catalog().find("SET") != null);
      otel.reset();
      lettuce.sync.set("k", "v2");
      assertThat(otel.span("SET").getAttributes().get(REDIS_COMMAND_CATEGORY)).isEqualTo("write");
      assertThat(otel.span("SET").getAttributes().get(REDIS_KEY_COUNT)).isEqualTo(1L);
    }
  }

  private static String setAndGet(RedisCommands<String, String> commands) {
    commands.set("after-restart", "v");
    return commands.get("after-restart");
  }

  /** A second instrumented client and connection for a test that needs its own server or settings. */
  static final class Instrumented implements AutoCloseable {
    final RedisClient client;
    final StatefulRedisConnection<String, String> connection;
    final RedisCommands<String, String> sync;

    Instrumented(RedisTelemetry telemetry, String uri) {
      this(telemetry, uri, false);
    }

    Instrumented(RedisTelemetry telemetry, String uri, boolean rejectWhileDisconnected) {
      client = LettuceTelemetry.create(telemetry).instrument(RedisClient.create(uri));
      if (rejectWhileDisconnected) {
        client.setOptions(
            io.lettuce.core.ClientOptions.builder()
                .disconnectedBehavior(io.lettuce.core.ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
      }
      connection = client.connect();
      sync = connection.sync();
    }

    @Override
    public void close() {
      connection.close();
      client.shutdown();
    }
  }

  static Predicate<SpanData> named(String name) {
    return s -> s.getName().equals(name);
  }
}
