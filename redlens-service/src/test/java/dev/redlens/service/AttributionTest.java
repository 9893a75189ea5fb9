package dev.redlens.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a response says the instrumentation recorded is that request's alone (issue 12, item 3),
 * also while other requests run: exact, so that double recording would show.
 */
class AttributionTest {

  static ServiceUnderTest sut;

  @BeforeAll
  static void start() {
    sut = ServiceUnderTest.start();
  }

  @AfterAll
  static void stop() {
    sut.close();
  }

  @Test
  void figuresAreExactWhileAnotherProjectRunsALargeRequest() {
    String busy = UUID.randomUUID().toString();
    String mine = UUID.randomUUID().toString();
    CompletableFuture<ServiceUnderTest.Answer> large =
        CompletableFuture.supplyAsync(
            () ->
                sut.post(
                    "/test/redis/operations/basic",
                    "{\"operation\": \"MIXED\", \"count\": 10000, \"project_id\": \""
                        + busy
                        + "\"}"));
    int overlapping = 0;
    for (int i = 0; i < 10; i++) {
      boolean concurrent = !large.isDone();
      JsonNode basic =
          sut.post(
                  "/test/redis/operations/basic",
                  "{\"operation\": \"GET\", \"count\": 50, \"project_id\": \"" + mine + "\"}")
              .json();
      assertThat(basic.path("instrumentation").path("operations_recorded").asLong()).isEqualTo(50);
      assertThat(basic.path("instrumentation").path("spans_created").asLong()).isEqualTo(50);
      assertThat(
              basic.path("instrumentation").path("commands").path("GET").path("recorded").asLong())
          .isEqualTo(50);
      JsonNode cache =
          sut.post(
                  "/test/redis/cache/performance",
                  "{\"total_keys\": 80, \"hit_rate_target\": 0.5, \"project_id\": \""
                      + mine
                      + "\"}")
              .json();
      assertThat(cache.path("instrumentation").path("hits").asLong())
          .isEqualTo(cache.path("measured").path("hits").asLong());
      assertThat(cache.path("instrumentation").path("misses").asLong())
          .isEqualTo(cache.path("measured").path("misses").asLong());
      JsonNode latency =
          sut.post(
                  "/test/redis/latency/measurement",
                  "{\"command\": \"SET\", \"iterations\": 30, \"project_id\": \"" + mine + "\"}")
              .json();
      assertThat(latency.path("instrumentation").path("recorded").asLong()).isEqualTo(30);
      if (concurrent && !large.isDone()) {
        overlapping++;
      }
    }
    assertThat(overlapping).as("rounds that ran entirely during the large request").isPositive();
    assertThat(large.join().json().path("instrumentation").path("operations_recorded").asLong())
        .isEqualTo(30_000);
  }
}
