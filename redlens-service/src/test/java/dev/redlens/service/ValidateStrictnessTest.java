package dev.redlens.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.redlens.service.internal.api.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code validate} is strict (issue 12, items 3 and 10): figures that do not match exactly, or
 * server gauges the collector no longer refreshes, fail a criterion; a malformed {@code --api-url}
 * or an unwritable {@code --output} is a usage error (exit 2) said in one line.
 */
class ValidateStrictnessTest {

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
    try {
      int code = new CommandLine(new RedlensService()).execute(args);
      return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  /**
   * A stand-in service whose figures are wrong in two ways a real one could be: one operation
   * recorded twice, and memory gauges from a collector that stopped polling five minutes ago.
   */
  private static HttpServer stub() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    Map<String, Object> routes =
        Map.of(
            "/health", Map.of("status", "ok"),
            "/test/redis/instrumentation/status", Map.of("spans", Map.of("started", 0)),
            "/test/redis/operations/basic",
                Map.of(
                    "failed",
                    0,
                    "instrumentation",
                    Map.of("spans_created", 50, "operations_recorded", 51)),
            "/test/redis/memory/usage",
                Map.of(
                    "memory",
                        Map.of(
                            "used_memory",
                            1000,
                            "used_memory_rss",
                            2000,
                            "used_memory_peak",
                            3000,
                            "fragmentation_ratio",
                            1.5,
                            "allocator",
                            "jemalloc",
                            "maxmemory_policy",
                            "noeviction"),
                    "project", Map.of("keys_sampled", 5),
                    "collector",
                        Map.of(
                            "state", "failing", "interval_s", 30.0, "last_success_age_s", 300.0)));
    server.createContext(
        "/",
        exchange -> {
          Object body = routes.get(exchange.getRequestURI().getPath());
          byte[] bytes =
              body == null
                  ? "# EOF\n".getBytes(StandardCharsets.UTF_8)
                  : Json.write(body).getBytes(StandardCharsets.UTF_8);
          exchange
              .getResponseHeaders()
              .add("Content-Type", body == null ? "text/plain" : "application/json");
          exchange.sendResponseHeaders(200, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
    return server;
  }

  private static JsonNode check(JsonNode report, int criterion, String name) {
    for (JsonNode check : report.path("criteria").get(criterion - 1).path("checks")) {
      if (check.path("check").asText().equals(name)) {
        return check;
      }
    }
    throw new AssertionError("no check '" + name + "' in criterion " + criterion);
  }

  @Test
  void doubleRecordingAndStaleGaugesFailTheirCriteria(@TempDir Path dir) throws Exception {
    HttpServer server = stub();
    try {
      Path report = dir.resolve("report.json");
      Run run =
          run(
              "validate",
              "--api-url",
              "http://127.0.0.1:" + server.getAddress().getPort(),
              "--output",
              report.toString());
      assertThat(run.code()).as(run.out()).isEqualTo(1);
      JsonNode json = Json.MAPPER.readTree(Files.readString(report));
      assertThat(
              check(json, 1, "SET: operations recorded by the instrumentation")
                  .path("passed")
                  .asBoolean())
          .isFalse();
      assertThat(
              check(json, 1, "SET: a span per operation of the request").path("passed").asBoolean())
          .isTrue();
      assertThat(
              check(json, 4, "server-metrics collector polled successfully within two intervals")
                  .path("passed")
                  .asBoolean())
          .isFalse();
      assertThat(check(json, 4, "used_memory > 0").path("passed").asBoolean()).isTrue();
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aMalformedApiUrlIsAUsageError() {
    for (String url :
        new String[] {"not a url", "ftp://127.0.0.1:1", "http://", "localhost:5210"}) {
      Run run = run("validate", "--api-url", url);
      assertThat(run.code()).as(url + ": " + run.err()).isEqualTo(2);
      assertThat(run.err()).contains("--api-url").doesNotContain("Exception");
    }
  }

  @Test
  void anOutputUnderARegularFileIsRefusedCleanly(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("plain-file"), "x");
    Run run =
        run(
            "validate",
            "--api-url",
            "http://127.0.0.1:1",
            "--output",
            file.resolve("report.json").toString());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("cannot write the report").doesNotContain("Exception");
    assertThat(run.out()).doesNotContain("PASSED");
  }
}
