package dev.redlens.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redlens.service.internal.api.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import picocli.CommandLine;

/** Runs the service's command line in-process, capturing what it prints. */
final class ValidateRun {

  private ValidateRun() {}

  /** Runs {@code args} (e.g. {@code validate --api-url …}) and returns the exit code. */
  static int run(ByteArrayOutputStream out, String... args) {
    PrintStream original = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      return new CommandLine(new RedlensService()).execute(args);
    } finally {
      System.setOut(original);
    }
  }

  /**
   * Runs {@code validate} with a new project against {@code baseUrl} and asserts that all five
   * criteria pass and the report says so.
   */
  static void assertPasses(String baseUrl, Path report) throws java.io.IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        run(
            out,
            "validate",
            "--api-url",
            baseUrl,
            "--project-id",
            UUID.randomUUID().toString(),
            "--output",
            report.toString());
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as(printed).isZero();
    assertThat(printed).contains("5/5 criteria passed");
    assertThat(Json.MAPPER.readTree(Files.readString(report)).path("passed").asBoolean()).isTrue();
  }
}
