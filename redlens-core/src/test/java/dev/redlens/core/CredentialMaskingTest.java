package dev.redlens.core;

import static dev.redlens.core.RedlensSemconv.DB_QUERY_TEXT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.redlens.core.catalog.CommandArguments;
import dev.redlens.testing.InMemoryTelemetry;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command that carries a credential, through {@link RedisTelemetry} to the span's {@code
 * db.query.text}: the secret never appears, whether values are sanitized (the default) or shown as
 * sent.
 */
class CredentialMaskingTest {

  private static final String SECRET = "s3cr3t-Pa55";

  static Stream<Arguments> commands() {
    return Stream.of(
        Arguments.of("AUTH " + SECRET, "AUTH ?"),
        Arguments.of("AUTH default " + SECRET, "AUTH ? ?"),
        Arguments.of("HELLO 3 AUTH default " + SECRET, "HELLO 3 AUTH ? ?"),
        Arguments.of(
            "HELLO 3 AUTH default " + SECRET + " SETNAME app", "HELLO 3 AUTH ? ? SETNAME app"),
        Arguments.of(
            "MIGRATE 10.0.0.9 6379 k 0 5000 AUTH " + SECRET,
            "MIGRATE 10.0.0.9 6379 k 0 5000 AUTH ?"),
        Arguments.of(
            "MIGRATE 10.0.0.9 6379 k 0 5000 REPLACE AUTH2 alice " + SECRET,
            "MIGRATE 10.0.0.9 6379 k 0 5000 REPLACE AUTH2 ? ?"),
        Arguments.of(
            "ACL SETUSER alice on >" + SECRET + " ~* +@all", "ACL SETUSER alice on ? ~* +@all"),
        Arguments.of("acl setuser alice <" + SECRET, "ACL SETUSER alice ?"),
        Arguments.of("ACL DRYRUN alice AUTH " + SECRET, "ACL DRYRUN alice AUTH ?"),
        Arguments.of("CONFIG SET requirepass " + SECRET, "CONFIG SET requirepass ?"),
        Arguments.of(
            "config set maxmemory 1mb masterauth " + SECRET,
            "CONFIG SET maxmemory 1mb masterauth ?"),
        Arguments.of("CONFIG SET masteruser " + SECRET, "CONFIG SET masteruser ?"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commands")
  void theSecretNeverReachesTheSpan(String line, String rawText) {
    assertThat(queryText(line, true)).doesNotContain(SECRET).doesNotContain(SECRET.substring(0, 6));
    assertThat(queryText(line, false)).isEqualTo(rawText);
  }

  @org.junit.jupiter.api.Test
  void argumentsQuotedInAnErrorReplyDoNotReachTheSpanWhenSanitizing() {
    String reply = "ERR unknown command 'FOO', with args beginning with: '" + SECRET + "' ";
    try (InMemoryTelemetry otel = new InMemoryTelemetry();
        RedisTelemetry telemetry = RedisTelemetry.create(otel.openTelemetry())) {
      telemetry.scope("h", 1, 0).start("FOO", CommandArguments.of(SECRET)).endWithErrorReply(reply);
      telemetry
          .scope("h", 1, 0)
          .start("FOO", CommandArguments.of(SECRET))
          .endWithException(new IllegalStateException(reply));
      assertThat(otel.finishedSpans())
          .hasSize(2)
          .allSatisfy(
              span -> {
                assertThat(span.getStatus().getDescription())
                    .startsWith("ERR unknown command 'FOO'")
                    .doesNotContain(SECRET);
                span.getEvents()
                    .forEach(
                        event ->
                            event
                                .getAttributes()
                                .forEach(
                                    (key, value) ->
                                        assertThat(String.valueOf(value)).doesNotContain(SECRET)));
              });
    }
  }

  private static String queryText(String line, boolean sanitize) {
    try (InMemoryTelemetry otel = new InMemoryTelemetry();
        RedisTelemetry telemetry =
            RedisTelemetry.builder(otel.openTelemetry()).setSanitizeQueryText(sanitize).build()) {
      String[] words = line.split(" ");
      telemetry
          .scope("h", 1, 0)
          .start(words[0], CommandArguments.of(Arrays.copyOfRange(words, 1, words.length)))
          .end("OK");
      return otel.finishedSpans().get(0).getAttributes().get(DB_QUERY_TEXT);
    }
  }
}
