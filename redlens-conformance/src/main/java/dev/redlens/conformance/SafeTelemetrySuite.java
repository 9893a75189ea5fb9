package dev.redlens.conformance;

import static dev.redlens.core.RedlensSemconv.*;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.testing.InMemoryTelemetry;
import dev.redlens.testing.RedisServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What no client integration may ever do, whatever its configuration: record a credential in the
 * query text (even with sanitizing switched off), or let a failing telemetry backend change a
 * command's result. {@link CommandTelemetrySuite} extends it, so every driver runs these too.
 */
public abstract class SafeTelemetrySuite extends ConformanceSuite {

  @Test
  protected void credentialsAreMaskedEvenWhenQueryTextIsNotSanitized() {
    try (RedisServer secured = RedisServer.builder().password("s3cret-pw").start();
        RedisTelemetry raw =
            RedisTelemetry.builder(otel.openTelemetry()).setSanitizeQueryText(false).build();
        RedisDriver other = open(raw, secured.uriWithPassword())) {
      otel.reset();
      // a project-scoped client refuses all but SET: each refusal is recorded, and masked, too
      commandOrRefusal(other, "AUTH", "s3cret-pw");
      commandOrRefusal(other, "ACL", "SETUSER", "alice", "on", ">alice-pw");
      commandOrRefusal(other, "CONFIG", "SET", "requirepass", "s3cret-pw");
      other.set("visible-key", "visible-value");
      commandOrRefusal(other, "HELLO", "2", "AUTH", "default", "s3cret-pw");
      assertThatThrownBy(
              () ->
                  other.command(
                      "MIGRATE",
                      "127.0.0.1",
                      "1",
                      "",
                      "0",
                      "100",
                      "AUTH",
                      "s3cret-pw",
                      "KEYS",
                      "visible-key"))
          .isInstanceOf(RuntimeException.class);
      await().until(() -> !otel.spans("HELLO").isEmpty() && !otel.spans("MIGRATE").isEmpty());

      List<String> texts =
          otel.finishedSpans().stream().map(s -> s.getAttributes().get(DB_QUERY_TEXT)).toList();
      assertThat(texts)
          .noneMatch(t -> t != null && (t.contains("s3cret-pw") || t.contains("alice-pw")));
      assertThat(otel.span("SET").getAttributes().get(DB_QUERY_TEXT))
          .isEqualTo("SET " + other.traits().sent("visible-key") + " visible-value");
      if (!other.traits().refuses("AUTH", "s3cret-pw")) {
        // a refused command's recorded arguments are the client's choice; no secret, either way
        assertThat(otel.span("AUTH").getAttributes().get(DB_QUERY_TEXT)).isEqualTo("AUTH ?");
      }
      assertThat(otel.span("ACL SETUSER").getAttributes().get(DB_QUERY_TEXT))
          .doesNotContain("alice-pw");
      assertThat(otel.span("MIGRATE"))
          .hasAttributesSatisfying(
              equalTo(
                  ERROR_TYPE,
                  other.traits().refuses("MIGRATE")
                      ? other.traits().refusalErrorType()
                      : "command"));
    }
  }

  @Test
  void aThrowingTelemetryBackendNeverChangesACommandsResult() {
    try (InMemoryTelemetry failing = InMemoryTelemetry.failing();
        RedisTelemetry broken = RedisTelemetry.create(failing.openTelemetry());
        RedisDriver other = open(broken, server().uri())) {
      assertThat(other.set("k", "v")).isEqualTo("OK");
      assertThat(other.get("k")).isEqualTo("v");
      assertThat(other.mget("k", "absent")).containsExactly("v", null);
      assertThatThrownBy(() -> other.command("INCR", "k")).hasMessageContaining("not an integer");
      assertThat(
              other.pipeline(
                  List.<String[]>of(new String[] {"SET", "p", "1"}, new String[] {"GET", "p"})))
          .containsExactly("OK", "1");
      assertThat(other.transaction(List.<String[]>of(new String[] {"INCR", "t"})))
          .containsExactly(1L);
      assertThat(broken.snapshot().command("GET").count()).isEqualTo(1 + 1);
    }
  }
}
