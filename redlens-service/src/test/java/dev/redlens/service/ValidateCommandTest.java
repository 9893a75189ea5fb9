package dev.redlens.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.redlens.service.internal.api.Json;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code validate} subcommand against a running service: all five criteria pass, the report is
 * written.
 */
class ValidateCommandTest {

  static ServiceUnderTest sut;

  @BeforeAll
  static void start() {
    sut = ServiceUnderTest.start();
  }

  @AfterAll
  static void stop() {
    sut.close();
  }

  private static int run(ByteArrayOutputStream out, String... args) {
    return ValidateRun.run(out, args);
  }

  @Test
  void passesAllFiveCriteriaAndWritesTheReport(@TempDir Path dir) throws Exception {
    Path report = dir.resolve("report.json");
    String project = UUID.randomUUID().toString();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        run(
            out,
            "validate",
            "--api-url",
            sut.baseUrl,
            "--project-id",
            project,
            "--output",
            report.toString(),
            "--verbose");
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as(printed).isZero();
    assertThat(printed)
        .contains(
            "[PASS] 1.", "[PASS] 2.", "[PASS] 3.", "[PASS] 4.", "[PASS] 5.", "5/5 criteria passed");
    JsonNode json = Json.MAPPER.readTree(Files.readString(report));
    assertThat(json.path("passed").asBoolean()).isTrue();
    assertThat(json.path("project_id").asText()).isEqualTo(project);
    assertThat(json.path("criteria")).hasSize(5);
    json.path("criteria")
        .forEach(c -> assertThat(c.path("passed").asBoolean()).as(c.toString()).isTrue());
    // validate cleans up after itself
    assertThat(json.path("cleanup").path("deleted_keys").asLong()).isPositive();
  }

  @Test
  void failsWithNonZeroExitWhenNoServiceAnswers(@TempDir Path dir) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path report = dir.resolve("r.json");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        run(
            out,
            "validate",
            "--api-url",
            "http://127.0.0.1:" + port,
            "--output",
            report.toString());
    assertThat(code).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("[FAIL]", "FAILED");
    assertThat(Json.MAPPER.readTree(Files.readString(report)).path("passed").asBoolean()).isFalse();
  }

  @Test
  void refusesAMalformedProjectId() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(run(out, "validate", "--api-url", sut.baseUrl, "--project-id", "nope")).isEqualTo(2);
  }
}
