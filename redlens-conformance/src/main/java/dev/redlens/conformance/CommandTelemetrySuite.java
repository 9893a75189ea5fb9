package dev.redlens.conformance;

import static dev.redlens.core.RedlensSemconv.*;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.core.TelemetrySnapshot;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.assertj.AttributeAssertion;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The telemetry of commands that succeed or fail with an error reply: span names and attributes,
 * categories, cache hits and misses, error classification, slow commands, statistics against the
 * histogram, the parent context, pipelines, transactions, credential masking, and a failing
 * backend. Every assertion holds for every client integration.
 */
public abstract class CommandTelemetrySuite extends SafeTelemetrySuite {

  @Test
  void aCommandIsAClientSpanWithTheSemanticConventionAttributes() {
    client.set("user:1", "secret");

    SpanData span = otel.span("SET");
    List<AttributeAssertion> expected =
        new ArrayList<>(
            List.of(
                equalTo(DB_SYSTEM_NAME, "redis"),
                equalTo(DB_OPERATION_NAME, "SET"),
                equalTo(DB_NAMESPACE, "0"),
                equalTo(SERVER_ADDRESS, "127.0.0.1"),
                equalTo(SERVER_PORT, (long) server().port()),
                equalTo(REDIS_COMMAND_CATEGORY, "write"),
                equalTo(REDIS_KEY_COUNT, 1L),
                equalTo(DB_QUERY_TEXT, "SET " + traits().sent("user:1") + " ?")));
    if (traits().projectId() != null) {
      expected.add(equalTo(REDLENS_PROJECT_ID, traits().projectId()));
    }
    // the socket the command was written to (both clients know it)
    expected.add(equalTo(NETWORK_PEER_ADDRESS, "127.0.0.1"));
    expected.add(equalTo(NETWORK_PEER_PORT, (long) server().port()));
    assertThat(span).hasKind(SpanKind.CLIENT).hasAttributesSatisfyingExactly(expected);
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(otel.durationCount("SET")).isEqualTo(1);
    // the cardinality budget: the project is on spans and counters, not on the duration histogram
    assertThat(otel.durationPoint("SET").getAttributes().get(REDLENS_PROJECT_ID)).isNull();
  }

  @Test
  void aSubcommandIsNamedWithItsContainer() {
    client.command("CLIENT", "GETNAME");

    assertThat(otel.span("CLIENT GETNAME"))
        .hasAttributesSatisfying(
            equalTo(DB_OPERATION_NAME, "CLIENT GETNAME"), equalTo(DB_QUERY_TEXT, "CLIENT GETNAME"));
    assertThat(otel.durationCount("CLIENT GETNAME")).isEqualTo(1);
  }

  @Test
  void everyCategoryGetsASpanAndAMetricPoint() {
    client.set("k", "v"); // write
    client.get("k"); // read
    client.command("DEL", "k"); // delete
    commandOrRefusal(client, "INFO", "server"); // admin (refused by a project-scoped client)
    client.transaction(List.of()); // transaction: MULTI, EXEC
    client.command("PUBLISH", "channel", "message"); // pubsub
    client.command("XADD", "stream", "*", "f", "v"); // stream
    client.command("EVAL", "return 1", "0"); // scripting
    client.command("PING"); // connection
    client.command("TIME"); // other

    Map<String, String> categories =
        Map.ofEntries(
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
          if (traits().broadcasts(command)) {
            // one operation per master, each naming its own node
            List<SpanData> spans = otel.spans(command);
            assertThat(spans).as(command).isNotEmpty();
            assertThat(spans)
                .as(command)
                .allSatisfy(
                    span ->
                        assertThat(span.getAttributes().get(REDIS_COMMAND_CATEGORY))
                            .isEqualTo(category));
            assertThat(spans.stream().map(span -> span.getAttributes().get(SERVER_PORT)))
                .as(command)
                .doesNotHaveDuplicates();
            assertThat(otel.durationCount(command)).as(command).isEqualTo(spans.size());
            return;
          }
          assertThat(otel.span(command).getAttributes().get(REDIS_COMMAND_CATEGORY))
              .as(command)
              .isEqualTo(category);
          assertThat(otel.durationCount(command)).as(command).isEqualTo(1);
        });
    assertThat(telemetry.snapshot().categories()).hasSize(10);
  }

  @Test
  void hitsAndMissesOfGetMgetHgetAndHmget() {
    client.set("present", "1");
    client.hset("h", "f1", "v1");
    otel.reset();

    assertThat(client.get("present")).isEqualTo("1");
    assertThat(client.get("absent")).isNull();
    assertThat(client.mget("present", "absent", "also-absent")).containsExactly("1", null, null);
    assertThat(client.hget("h", "f1")).isEqualTo("v1");
    assertThat(client.hget("h", "nope")).isNull();
    assertThat(client.hmget("h", "f1", "nope")).containsExactly("v1", null);

    assertThat(otel.awaitSpans("GET", 2))
        .extracting(s -> s.getAttributes().get(REDIS_CACHE_RESULT))
        .containsExactly("hit", "miss");
    assertThat(otel.span("MGET"))
        .hasAttributesSatisfying(
            equalTo(REDIS_CACHE_RESULT, "miss"),
            equalTo(REDIS_CACHE_HITS, 1L),
            equalTo(REDIS_CACHE_MISSES, 2L));
    assertThat(otel.awaitSpans("HGET", 2))
        .extracting(s -> s.getAttributes().get(REDIS_CACHE_RESULT))
        .containsExactly("hit", "miss");
    assertThat(otel.span("HMGET"))
        .hasAttributesSatisfying(equalTo(REDIS_CACHE_HITS, 1L), equalTo(REDIS_CACHE_MISSES, 1L));
    TelemetrySnapshot.CacheStatistics cache = telemetry.snapshot().cache();
    assertThat(cache.hits()).isEqualTo(1 + 1 + 1 + 1);
    assertThat(cache.misses()).isEqualTo(1 + 2 + 1 + 1);
    assertThat(otel.cacheRequests("GET", "hit")).isEqualTo(1);
    assertThat(otel.cacheRequests("GET", "miss")).isEqualTo(1);
    assertThat(otel.cacheRequests("MGET", "hit")).isEqualTo(1);
    assertThat(otel.cacheRequests("MGET", "miss")).isEqualTo(2);
    assertThat(otel.cacheRequests("HMGET", "hit")).isEqualTo(1);
    assertThat(otel.cacheRequests("HMGET", "miss")).isEqualTo(1);
  }

  @Test
  void writesRecordNoHitOrMiss() {
    client.set("k", "v");
    client.command("DEL", "k");

    assertThat(otel.span("SET").getAttributes().get(REDIS_CACHE_RESULT)).isNull();
    assertThat(otel.span("DEL").getAttributes().get(REDIS_CACHE_RESULT)).isNull();
    assertThat(telemetry.snapshot().cache().hits() + telemetry.snapshot().cache().misses())
        .isZero();
  }

  @Test
  void wrongTypeIsACommandErrorWithItsStatusCode() {
    client.command("LPUSH", "list", "a");
    assertThatThrownBy(() -> client.get("list")).hasMessageStartingWith("WRONGTYPE");

    SpanData get = otel.span("GET");
    assertThat(get.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(get)
        .hasAttributesSatisfying(
            equalTo(ERROR_TYPE, "command"), equalTo(DB_RESPONSE_STATUS_CODE, "WRONGTYPE"));
    assertThat(get.getAttributes().get(REDIS_CACHE_RESULT)).isNull();
    assertThat(otel.errorCount("command", "WRONGTYPE")).isEqualTo(1);
    assertThat(telemetry.snapshot().command("GET").errors()).isEqualTo(1);
  }

  @Test
  void anErrorWithoutACodeIsReportedAsErr() {
    client.set("k", "not a number");
    assertThatThrownBy(() -> client.command("INCR", "k")).hasMessageContaining("not an integer");

    assertThat(otel.span("INCR"))
        .hasAttributesSatisfying(
            equalTo(ERROR_TYPE, "command"), equalTo(DB_RESPONSE_STATUS_CODE, "ERR"));
    assertThat(otel.errorCount("command", "ERR")).isEqualTo(1);
  }

  @Test
  void theSpansParentIsTheCallersCurrentContext() {
    Span parent = otel.openTelemetry().getTracer("test").spanBuilder("request").startSpan();
    Scope scope = parent.makeCurrent();
    try {
      client.get("sync");
      client.pipeline(List.of(new String[] {"GET", "piped-1"}, new String[] {"GET", "piped-2"}));
      client.transaction(List.<String[]>of(new String[] {"GET", "queued"}));
    } finally {
      scope.close();
    }
    parent.end();

    assertThat(otel.awaitSpans("GET", 4))
        .hasSize(4)
        .allSatisfy(
            s -> {
              assertThat(s.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
              assertThat(s.getTraceId()).isEqualTo(parent.getSpanContext().getTraceId());
            });
    assertThat(otel.span("EXEC").getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
  }

  @Test
  void withoutACurrentContextEachCommandIsARootSpan() {
    client.get("a");
    assertThat(otel.span("GET").getParentSpanContext().isValid()).isFalse();
  }

  @Test
  void pipelinedCommandsEachGetTheirOwnSpanAndMeasurement() {
    List<String[]> commands = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      commands.add(new String[] {"SET", "p:" + i, "v" + i});
    }
    commands.add(new String[] {"GET", "p:7"});
    commands.add(new String[] {"GET", "p:absent"});
    commands.add(new String[] {"LPUSH", "p:7", "x"}); // WRONGTYPE in the middle of a pipeline

    List<Object> replies = client.pipeline(commands);

    assertThat(replies).hasSize(53);
    assertThat(replies.subList(0, 50)).allSatisfy(reply -> assertThat(reply).isEqualTo("OK"));
    assertThat(replies.get(50)).isEqualTo("v7");
    assertThat(otel.awaitSpans("SET", 50)).hasSize(50);
    assertThat(otel.spans("SET").stream().map(s -> s.getSpanContext().getSpanId()).distinct())
        .hasSize(50);
    assertThat(otel.durationCount("SET")).isEqualTo(50);
    assertThat(telemetry.snapshot().command("SET").count()).isEqualTo(50);
    assertThat(otel.awaitSpans("GET", 2))
        .extracting(s -> s.getAttributes().get(REDIS_CACHE_RESULT))
        .containsExactly("hit", "miss");
    assertThat(otel.span("LPUSH"))
        .hasAttributesSatisfying(equalTo(DB_RESPONSE_STATUS_CODE, "WRONGTYPE"));
    assertThat(otel.spans("SET"))
        .extracting(s -> s.getAttributes().get(DB_QUERY_TEXT))
        .startsWith("SET " + traits().sent("p:0") + " ?", "SET " + traits().sent("p:1") + " ?");
  }

  @Test
  void multiExecGivesEachCommandASpanAndTheBatchSizeOnExec() {
    List<Object> results =
        client.transaction(
            List.of(
                new String[] {"SET", "a", "1"},
                new String[] {"INCR", "counter"},
                new String[] {"GET", "a"}));

    assertThat(results).hasSize(3);
    assertThat(otel.span("EXEC"))
        .hasAttributesSatisfying(
            equalTo(DB_OPERATION_BATCH_SIZE, 3L), equalTo(REDIS_COMMAND_CATEGORY, "transaction"));
    assertThat(otel.span("MULTI").getAttributes().get(REDIS_COMMAND_CATEGORY))
        .isEqualTo("transaction");
    assertThat(otel.span("MULTI").getAttributes().get(DB_OPERATION_BATCH_SIZE)).isNull();
    assertThat(otel.spans("SET")).hasSize(1);
    assertThat(otel.spans("INCR")).hasSize(1);
    assertThat(otel.spans("GET")).hasSize(1);
    assertThat(otel.durationCount("EXEC")).isEqualTo(1);
  }

  @Test
  void aTransactionWithACommandRefusedAtQueueingEndsInExecAbort() {
    assertThatThrownBy(
            () -> client.transaction(List.of(new String[] {"SET", "a", "1"}, new String[] {"GET"})))
        .hasMessageContaining("EXECABORT");

    assertThat(otel.span("GET"))
        .hasAttributesSatisfying(
            equalTo(ERROR_TYPE, "command"), equalTo(DB_RESPONSE_STATUS_CODE, "ERR"));
    assertThat(otel.span("EXEC"))
        .hasAttributesSatisfying(
            equalTo(ERROR_TYPE, "command"), equalTo(DB_RESPONSE_STATUS_CODE, "EXECABORT"));
    assertThat(otel.span("SET").getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(otel.errorCount("command", "EXECABORT")).isEqualTo(1);
  }

  /**
   * Inside MULTI the server answers {@code QUEUED}, which says nothing about a value: a read queued
   * in a transaction records neither a hit nor a miss.
   */
  @Test
  protected void aReadQueuedInATransactionRecordsNoHitOrMiss() {
    client.set("present", "1");
    otel.reset();

    List<Object> results =
        client.transaction(
            List.of(new String[] {"GET", "present"}, new String[] {"GET", "absent"}));

    assertThat(results).containsExactly("1", null);
    assertThat(otel.awaitSpans("GET", 2))
        .hasSize(2)
        .allSatisfy(s -> assertThat(s.getAttributes().get(REDIS_CACHE_RESULT)).isNull());
    assertThat(telemetry.snapshot().cache().hits() + telemetry.snapshot().cache().misses())
        .isZero();
  }

  @Test
  void slowCommandsAreCounted() {
    try (RedisTelemetry strict =
            RedisTelemetry.builder(otel.openTelemetry())
                .setSlowOperationThreshold(Duration.ofMillis(100))
                .build();
        RedisDriver other = open(strict, server().uri())) {
      other.command("BLPOP", "empty-list", "0.3"); // blocks ~300 ms on the server, then returns nil
      other.get("fast");
      otel.span("GET"); // ended

      TelemetrySnapshot snapshot = strict.snapshot();
      assertThat(snapshot.command("BLPOP").slow()).isEqualTo(1);
      assertThat(snapshot.command("GET").slow()).isZero();
      assertThat(snapshot.slowOperations()).isEqualTo(1);
      assertThat(otel.slowCount("BLPOP")).isEqualTo(1);
      assertThat(otel.slowCount("GET")).isZero();
    }
  }

  @Test
  void snapshotPercentilesAgreeWithTheHistogram() {
    for (int i = 0; i < 200; i++) {
      client.get("k" + i);
    }
    client.command("BLPOP", "empty", "0.2"); // one slow outlier
    for (int i = 0; i < 200; i++) {
      client.set("k" + i, "v");
    }
    otel.awaitSpans("SET", 200); // all ended
    TelemetrySnapshot snapshot = telemetry.snapshot();
    for (String command : List.of("GET", "SET", "BLPOP")) {
      TelemetrySnapshot.CommandStatistics stats = snapshot.command(command);
      var histogram = otel.durationPoint(command);
      assertThat(stats.count()).as(command).isEqualTo(histogram.getCount());
      assertThat(otel.bucketOf(histogram, 0.50))
          .as(command + " p50")
          .satisfies(bounds -> assertWithin(stats.latency().p50Micros(), bounds));
      assertThat(otel.bucketOf(histogram, 0.99))
          .as(command + " p99")
          .satisfies(bounds -> assertWithin(stats.latency().p99Micros(), bounds));
      assertThat(stats.latency().maxMicros() / 1e6)
          .as(command + " max")
          .isCloseTo(histogram.getMax(), Offset.offset(histogram.getMax() * 0.01 + 1e-6));
    }
  }

  private static void assertWithin(long micros, double[] bucketSeconds) {
    double seconds = micros / 1e6;
    // HdrHistogram keeps two significant digits: allow 1% around the bucket bounds
    assertThat(seconds).isBetween(bucketSeconds[0] * 0.99, bucketSeconds[1] * 1.01);
  }
}
