package dev.redlens.core;

import static dev.redlens.core.RedlensSemconv.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.redlens.core.catalog.CommandArguments;
import dev.redlens.core.catalog.CommandSpec;
import dev.redlens.core.instrumentation.ClientScope;
import dev.redlens.testing.InMemoryTelemetry;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hit and miss detection for every command that reads a value, from the reply to the span and
 * metrics.
 */
class CacheReadTest {

  private final InMemoryTelemetry otel = new InMemoryTelemetry();
  private final RedisTelemetry telemetry = RedisTelemetry.create(otel.openTelemetry());
  private final ClientScope scope = telemetry.scope("10.1.2.3", 6390, 0);

  @AfterEach
  void close() {
    telemetry.close();
    otel.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"GET", "GETEX", "GETDEL", "HGET", "LINDEX", "ZSCORE", "ZRANK", "ZREVRANK"})
  void oneValueReads(String command) {
    scope.start(command, CommandArguments.of("k", "x")).end("value");
    scope.start(command, CommandArguments.of("k", "x")).end(null);

    List<SpanData> spans = otel.spans(command);
    assertThat(spans)
        .extracting(s -> s.getAttributes().get(REDIS_CACHE_RESULT))
        .containsExactly(CACHE_HIT, CACHE_MISS);
    assertThat(otel.cacheRequests(command, CACHE_HIT)).isEqualTo(1);
    assertThat(otel.cacheRequests(command, CACHE_MISS)).isEqualTo(1);
    assertThat(telemetry.snapshot().cache().hits()).isEqualTo(1);
    assertThat(telemetry.snapshot().cache().misses()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"MGET", "HMGET", "ZMSCORE"})
  void perKeyAndPerFieldReads(String command) {
    scope
        .start(command, CommandArguments.of("a", "b", "c", "d"))
        .end(Arrays.asList("1", null, "3", null));
    scope.start(command, CommandArguments.of("a", "b")).end(new Object[] {null, null});

    List<SpanData> spans = otel.spans(command);
    assertThat(spans.get(0).getAttributes().get(REDIS_CACHE_HITS)).isEqualTo(2L);
    assertThat(spans.get(0).getAttributes().get(REDIS_CACHE_MISSES)).isEqualTo(2L);
    assertThat(spans.get(0).getAttributes().get(REDIS_CACHE_RESULT))
        .as("any miss")
        .isEqualTo(CACHE_MISS);
    assertThat(spans.get(1).getAttributes().get(REDIS_CACHE_MISSES)).isEqualTo(2L);
    assertThat(otel.cacheRequests(command, CACHE_HIT)).isEqualTo(2);
    assertThat(otel.cacheRequests(command, CACHE_MISS)).isEqualTo(4);
    assertThat(telemetry.snapshot().cache().hitRatio()).isEqualTo(2.0 / 6);
  }

  @Test
  void allHitsOfAMultiKeyReadIsAHit() {
    scope.start("MGET", CommandArguments.of("a", "b")).end(List.of("1", "2"));
    assertThat(otel.span("MGET").getAttributes().get(REDIS_CACHE_RESULT)).isEqualTo(CACHE_HIT);
  }

  @Test
  void wholeCollectionReads() {
    scope.start("HGETALL", CommandArguments.of("h")).end(Map.of("f", "v"));
    scope.start("HGETALL", CommandArguments.of("h")).end(Map.of());
    assertThat(otel.cacheRequests("HGETALL", CACHE_HIT)).isEqualTo(1);
    assertThat(otel.cacheRequests("HGETALL", CACHE_MISS)).isEqualTo(1);
  }

  @Test
  void moduleAndNewerReadsCountOnceTheCatalogKnowsThem() {
    // unknown to the bundled Redis 7.0 table: no hit or miss can be told yet
    scope.start("JSON.GET", CommandArguments.of("doc", "$")).end(null);
    assertThat(telemetry.snapshot().cache().misses()).isZero();

    // what an integration does after COMMAND INFO: the spec takes its cache-read kind from its name
    for (String name : List.of("JSON.GET", "JSON.MGET", "HGETEX", "HGETDEL")) {
      telemetry.catalog().register(CommandSpec.builder(name).aclCategories("read").build());
    }
    scope.start("JSON.GET", CommandArguments.of("doc", "$")).end(null);
    scope.start("json.get", CommandArguments.of("doc", "$")).end("{\"a\":1}");
    scope.start("JSON.MGET", CommandArguments.of("d1", "d2", "$")).end(Arrays.asList("[1]", null));
    scope
        .start("HGETEX", CommandArguments.of("h", "FIELDS", "2", "f", "g"))
        .end(Arrays.asList("v", null));
    scope
        .start("HGETDEL", CommandArguments.of("h", "FIELDS", "1", "f"))
        .end(Arrays.asList((Object) null));

    assertThat(otel.cacheRequests("JSON.GET", CACHE_HIT)).isEqualTo(1);
    assertThat(otel.cacheRequests("JSON.GET", CACHE_MISS)).isEqualTo(1);
    assertThat(otel.cacheRequests("JSON.MGET", CACHE_HIT)).isEqualTo(1);
    assertThat(otel.cacheRequests("JSON.MGET", CACHE_MISS)).isEqualTo(1);
    assertThat(otel.cacheRequests("HGETEX", CACHE_HIT)).isEqualTo(1);
    assertThat(otel.cacheRequests("HGETEX", CACHE_MISS)).isEqualTo(1);
    assertThat(otel.cacheRequests("HGETDEL", CACHE_MISS)).isEqualTo(1);
    assertThat(telemetry.snapshot().cache().hits()).isEqualTo(3);
    assertThat(telemetry.snapshot().cache().misses()).isEqualTo(4);
  }

  @Test
  void writesAndFailedReadsAreNeitherHitsNorMisses() {
    scope.start("SET", CommandArguments.of("k", "v")).end("OK");
    scope.start("GETSET", CommandArguments.of("k", "v")).end(null);
    scope
        .start("GET", CommandArguments.of("k"))
        .endWithErrorReply("WRONGTYPE Operation against a key");
    scope
        .start("GET", CommandArguments.of("k"))
        .endWithException(new java.util.concurrent.TimeoutException());

    assertThat(otel.finishedSpans())
        .allSatisfy(s -> assertThat(s.getAttributes().get(REDIS_CACHE_RESULT)).isNull());
    assertThat(otel.metric(METRIC_CACHE_REQUESTS)).isNull();
    assertThat(telemetry.snapshot().cache().hits() + telemetry.snapshot().cache().misses())
        .isZero();
  }

  @Test
  void aClientsOwnNilIsUnderstood() {
    Object lettuceEmptyKeyValue = new Object();
    ClientScope lettuceLike = scope.withReplyInspector(v -> v == null || v == lettuceEmptyKeyValue);
    lettuceLike
        .start("MGET", CommandArguments.of("a", "b"))
        .end(List.of("1", lettuceEmptyKeyValue));
    assertThat(otel.cacheRequests("MGET", CACHE_HIT)).isEqualTo(1);
    assertThat(otel.cacheRequests("MGET", CACHE_MISS)).isEqualTo(1);
  }
}
