package dev.redlens.lettuce;

import static dev.redlens.core.RedlensSemconv.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.testing.InMemoryTelemetry;
import dev.redlens.testing.RedisServer;
import io.lettuce.core.ReadFrom;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.masterreplica.MasterReplica;
import io.lettuce.core.masterreplica.StatefulRedisMasterReplicaConnection;
import io.lettuce.core.resource.ClientResources;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Every command names the node and database that served it, whatever URI the client was created
 * with, and the client's own housekeeping makes no spans: {@code LettuceTelemetry#configure} on
 * standalone servers and a replica.
 */
class LettuceTopologyTest {

  private static RedisServer primary;
  private static RedisServer other;
  private static RedisServer replica;

  private final InMemoryTelemetry otel = new InMemoryTelemetry();
  private RedisTelemetry telemetry;
  private ClientResources resources;
  private RedisClient client;

  @BeforeAll
  static void startServers() {
    primary = RedisServer.start();
    other = RedisServer.start();
    replica = RedisServer.builder().replicaOf(primary).start();
    replica.awaitReplicationLink(Duration.ofSeconds(30));
  }

  @AfterAll
  static void stopServers() {
    replica.close();
    other.close();
    primary.close();
  }

  @BeforeEach
  void configure() {
    telemetry = RedisTelemetry.create(otel.openTelemetry());
    resources = LettuceTelemetry.create(telemetry).configure(ClientResources.builder()).build();
    client = RedisClient.create(resources);
  }

  @AfterEach
  void close() {
    client.shutdown();
    resources.shutdown();
    telemetry.close();
    otel.close();
  }

  @Test
  void aClientWithoutDefaultUriNamesTheServerAndDatabaseOfEachConnection() {
    RedisURI uri = RedisURI.create(primary.uri());
    uri.setDatabase(2);
    try (StatefulRedisConnection<String, String> connection = client.connect(uri)) {
      connection.sync().set("k", "v");
      connection.sync().select(5);
      connection.sync().get("k");
    }
    assertServed(otel.span("SET"), primary, "2");
    assertServed(otel.span("SELECT"), primary, "2");
    assertServed(otel.span("GET"), primary, "5");
    assertThat(otel.durationPoint("GET").getAttributes().get(DB_NAMESPACE)).isEqualTo("5");
  }

  @Test
  void oneClientToTwoServersNamesEachServer() {
    try (var first = client.connect(RedisURI.create(primary.uri()));
        var second = client.connect(RedisURI.create(other.uri()))) {
      for (int i = 0; i < 5; i++) {
        first.sync().set("first", "v");
        second.sync().set("second", "v");
      }
    }
    List<SpanData> sets = otel.spans("SET");
    assertThat(sets).hasSize(10);
    for (SpanData span : sets) {
      String key = span.getAttributes().get(DB_QUERY_TEXT);
      assertServed(span, key.startsWith("SET first") ? primary : other, "0");
    }
  }

  @Test
  void masterReplicaReadsNameTheReplicaThatServedThem() {
    try (StatefulRedisMasterReplicaConnection<String, String> connection =
        MasterReplica.connect(client, StringCodec.UTF8, RedisURI.create(primary.uri()))) {
      connection.setReadFrom(ReadFrom.REPLICA);
      connection.sync().set("mr", "v");
      connection.sync().get("mr");
    }
    assertServed(otel.span("SET"), primary, "0");
    assertServed(otel.span("GET"), replica, "0");
    // MasterReplica's own INFO replication (its discovery of the replicas) is housekeeping
    assertThat(otel.finishedSpans()).extracting(SpanData::getName).containsExactly("SET", "GET");
    assertThat(telemetry.snapshot().command("INFO")).isNull();
  }

  @Test
  void anApplicationInfoReplicationIsRecorded() {
    try (StatefulRedisMasterReplicaConnection<String, String> connection =
        MasterReplica.connect(client, StringCodec.UTF8, RedisURI.create(primary.uri()))) {
      connection.sync().set("mr", "v");
      connection.sync().info("replication");
    }
    assertServed(otel.span("INFO"), primary, "0");
  }

  @Test
  void theHandshakeMakesNoSpansAndNoMetrics() {
    RedisURI uri = RedisURI.create(primary.uri());
    uri.setDatabase(3);
    uri.setClientName("app");
    try (StatefulRedisConnection<String, String> connection = client.connect(uri)) {
      connection.sync().ping();
    }
    assertThat(otel.finishedSpans()).extracting(SpanData::getName).containsExactly("PING");
    assertThat(telemetry.snapshot().command("HELLO")).isNull();
    assertThat(telemetry.snapshot().command("SELECT")).isNull();
  }

  @Test
  void housekeepingIsRecordedWhenAskedForDebugging() {
    ClientResources debugging =
        LettuceTelemetry.create(telemetry)
            .withHousekeeping(true)
            .configure(ClientResources.builder())
            .build();
    RedisClient debugClient = RedisClient.create(debugging);
    RedisURI uri = RedisURI.create(primary.uri());
    uri.setDatabase(3);
    try (StatefulRedisConnection<String, String> connection = debugClient.connect(uri)) {
      connection.sync().ping();
    } finally {
      debugClient.shutdown();
      debugging.shutdown();
    }
    SpanData select = otel.span("SELECT");
    assertThat(select.getParentSpanContext().isValid()).isFalse();
    assertThat(otel.finishedSpans()).extracting(SpanData::getName).contains("SELECT", "PING");
    assertThat(LettuceTelemetry.observes(debugging)).isTrue();
    assertThat(LettuceTelemetry.observes(ClientResources.builder().build())).isFalse();
  }

  @Test
  void everySpanEndsBeforeItsCallerHasTheReply() {
    try (StatefulRedisConnection<String, String> connection =
        client.connect(RedisURI.create(primary.uri()))) {
      var tracer = otel.openTelemetry().getTracer("test");
      for (int i = 0; i < 500; i++) {
        Span parent = tracer.spanBuilder("request").startSpan();
        try (Scope ignored = parent.makeCurrent()) {
          connection.sync().get("k" + i);
        }
        parent.end();
      }
    }
    List<SpanData> spans = otel.finishedSpans();
    List<SpanData> gets = spans.stream().filter(s -> s.getName().equals("GET")).toList();
    assertThat(gets).hasSize(500);
    for (SpanData get : gets) {
      SpanData parent =
          spans.stream()
              .filter(s -> s.getSpanId().equals(get.getParentSpanId()))
              .findFirst()
              .orElseThrow();
      assertThat(get.getEndEpochNanos()).isLessThanOrEqualTo(parent.getEndEpochNanos());
    }
  }

  @Test
  void aCommandWaitingForFlushIsMeasuredFromTheWrite() throws Exception {
    try (StatefulRedisConnection<String, String> connection =
        client.connect(RedisURI.create(primary.uri()))) {
      connection.setAutoFlushCommands(false);
      var reply = connection.async().get("queued");
      Thread.sleep(200); // the command waits in Lettuce's buffer, not on the server
      connection.flushCommands();
      reply.get(5, TimeUnit.SECONDS);
    }
    SpanData span = otel.span("GET");
    long nanos = span.getEndEpochNanos() - span.getStartEpochNanos();
    assertThat(nanos).isLessThan(TimeUnit.MILLISECONDS.toNanos(200));
    assertThat(telemetry.snapshot().command("GET").slow()).isZero();
  }

  @Test
  void reactiveCommandsSubscribedOnOtherThreadsAreChildrenOfTheCaller() {
    try (StatefulRedisConnection<String, String> connection =
        client.connect(RedisURI.create(primary.uri()))) {
      Span parent = otel.openTelemetry().getTracer("test").spanBuilder("request").startSpan();
      try (Scope ignored = parent.makeCurrent()) {
        Mono.delay(Duration.ofMillis(10))
            .then(connection.reactive().get("delayed"))
            .then(connection.reactive().get("on-other").subscribeOn(Schedulers.parallel()))
            .contextWrite(LettuceTelemetry.withParent(Context.current()))
            .block(Duration.ofSeconds(10));
      }
      parent.end();
      assertThat(otel.awaitSpans("GET", 2))
          .allSatisfy(
              s -> assertThat(s.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId()));
    }
  }

  @Test
  void pubSubCommandsNameTheirServer() throws Exception {
    try (var subscriber = client.connectPubSub(RedisURI.create(other.uri()));
        var publisher = client.connect(RedisURI.create(primary.uri()))) {
      subscriber.sync().subscribe("news");
      publisher.sync().publish("news", "hello");
    }
    assertServed(otel.span("SUBSCRIBE"), other, "0");
    assertServed(otel.span("PUBLISH"), primary, "0");
  }

  @Test
  void aReactiveStreamWithBackpressureIsOneSpan() {
    try (StatefulRedisConnection<String, String> connection =
        client.connect(RedisURI.create(primary.uri()))) {
      String[] values = new String[5000];
      java.util.Arrays.fill(values, "x");
      connection.sync().rpush("stream", values);
      long received =
          connection
              .reactive()
              .lrange("stream", 0, -1)
              .limitRate(10)
              .delayElements(Duration.ofNanos(1))
              .count()
              .block(Duration.ofSeconds(60));
      assertThat(received).isEqualTo(5000);
    }
    assertThat(otel.spans("LRANGE")).hasSize(1);
  }

  private static void assertServed(SpanData span, RedisServer server, String database) {
    assertThat(span.getAttributes().get(SERVER_ADDRESS)).isEqualTo(server.host());
    assertThat(span.getAttributes().get(SERVER_PORT)).isEqualTo((long) server.port());
    assertThat(span.getAttributes().get(NETWORK_PEER_ADDRESS)).isEqualTo("127.0.0.1");
    assertThat(span.getAttributes().get(NETWORK_PEER_PORT)).isEqualTo((long) server.port());
    assertThat(span.getAttributes().get(DB_NAMESPACE)).isEqualTo(database);
  }
}
