package dev.redlens.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redlens.core.catalog.CommandArguments;
import dev.redlens.core.instrumentation.ClientScope;
import dev.redlens.core.instrumentation.RedisOperation;
import dev.redlens.testing.InMemoryTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The snippets of {@code redlens-core/README.md}, kept compiling and true. */
class ReadmeExampleTest {

  @Test
  void readmeSnippets() {
    try (InMemoryTelemetry otel = new InMemoryTelemetry()) {
      OpenTelemetry openTelemetry = otel.openTelemetry();
      String projectId = "project-42";
      Object reply = "Alice";
      List<Object> commandInfoReply =
          List.of(
              List.of("json.get", -2L, List.of("readonly"), 1L, 1L, 1L, List.of("@read", "@json")));

      // ---- README, first snippet
      RedisTelemetry telemetry =
          RedisTelemetry.builder(openTelemetry)
              .setSlowOperationThreshold(Duration.ofMillis(100)) // redis.client.operation.slow
              .setHitRatioWindow(Duration.ofSeconds(60)) // redis.client.cache.hit_ratio
              .setMaxProjects(1000) // bound on redlens.project.id values on metrics
              .build();

      // manual instrumentation of a block of code (the specification's trace_operation)
      String value =
          telemetry.traceOperation("CUSTOM_OPERATION", projectId, () -> computeSomething());

      TelemetrySnapshot snapshot = telemetry.snapshot();
      long p99 = snapshot.command("CUSTOM_OPERATION").latency().p99Micros();
      double hitRatio = snapshot.cache().windowHitRatio(); // NaN until something was read

      // ---- README, second snippet
      ClientScope scope = telemetry.scope("10.0.0.5", 6379, 0);
      RedisOperation op = scope.start("GET", CommandArguments.of("user:1"));
      op.end(reply); // or endWithErrorReply("WRONGTYPE …") / endWithException(e)

      // commands the bundled table lacks (modules): teach the catalog from the server's COMMAND
      // INFO reply
      telemetry.catalog().learn(commandInfoReply);
      // ---- end of README

      assertThat(value).isEqualTo("computed");
      assertThat(p99).isGreaterThanOrEqualTo(0);
      assertThat(hitRatio).isNaN();
      assertThat(
              otel.span("CUSTOM_OPERATION").getAttributes().get(RedlensSemconv.REDLENS_PROJECT_ID))
          .isEqualTo(projectId);
      assertThat(telemetry.snapshot().cache().windowHitRatio()).isEqualTo(1.0);
      assertThat(telemetry.catalog().find("JSON.GET")).isNotNull();
      telemetry.close();
    }
  }

  private static String computeSomething() {
    return "computed";
  }
}
