package dev.redlens.service.internal.validate;

import dev.redlens.service.internal.api.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code validate}: the specification's validation script, as a subcommand of the service. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description =
        "Check the five acceptance criteria against a running service; exit 1 if any fails.")
public final class ValidateCommand implements Callable<Integer> {

  @Option(
      names = "--api-url",
      defaultValue = "http://localhost:5210",
      description = "Service URL (default: ${DEFAULT-VALUE})")
  String apiUrl;

  @Option(
      names = "--project-id",
      description = "Project UUID to run under (default: a new random one)")
  String projectId;

  @Option(names = "--output", description = "Write the JSON report to this file")
  Path output;

  @Option(names = "--verbose", description = "Print every request and check")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    String project = projectId == null ? UUID.randomUUID().toString() : projectId;
    try {
      UUID.fromString(project);
    } catch (IllegalArgumentException e) {
      System.err.println("--project-id must be a UUID: " + project);
      return 2;
    }
    System.out.println("Redlens validation against " + apiUrl + " (project " + project + ")");
    Validator validator =
        new Validator(apiUrl, project, verbose ? System.out::println : line -> {});
    Map<String, Object> report = validator.run();
    print(report);
    if (output != null) {
      Path parent = output.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(output, Json.write(report) + "\n", StandardCharsets.UTF_8);
      System.out.println("Report written to " + output);
    }
    return Boolean.TRUE.equals(report.get("passed")) ? 0 : 1;
  }

  @SuppressWarnings("unchecked")
  private void print(Map<String, Object> report) {
    if (report.get("health_error") != null) {
      System.out.println("  health: " + report.get("health_error"));
    }
    for (Map<String, Object> c : (List<Map<String, Object>>) report.get("criteria")) {
      List<Map<String, Object>> checks = (List<Map<String, Object>>) c.get("checks");
      long ok = checks.stream().filter(k -> Boolean.TRUE.equals(k.get("passed"))).count();
      System.out.printf(
          "  [%s] %s. %s (%d/%d checks)%n",
          Boolean.TRUE.equals(c.get("passed")) ? "PASS" : "FAIL",
          c.get("id"),
          c.get("name"),
          ok,
          checks.size());
      if (c.get("error") != null) {
        System.out.println("         error: " + c.get("error"));
      }
      for (Map<String, Object> k : checks) {
        if (verbose || !Boolean.TRUE.equals(k.get("passed"))) {
          System.out.printf(
              "         %s %s%s%n",
              Boolean.TRUE.equals(k.get("passed")) ? "ok  " : "FAIL",
              k.get("check"),
              k.get("detail") == null ? "" : " (" + k.get("detail") + ")");
        }
      }
    }
    System.out.printf(
        "Result: %s/%s criteria passed -> %s%n",
        report.get("criteria_passed"),
        report.get("criteria_total"),
        Boolean.TRUE.equals(report.get("passed")) ? "PASSED" : "FAILED");
  }
}
