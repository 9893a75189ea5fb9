package dev.redlens.service.internal.validate;

import dev.redlens.service.internal.api.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
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
    String urlProblem = urlProblem(apiUrl);
    if (urlProblem != null) {
      System.err.println("--api-url " + urlProblem + ": " + apiUrl);
      return 2;
    }
    String outputProblem = output == null ? null : outputProblem(output);
    if (outputProblem != null) {
      System.err.println("--output: cannot write the report to " + output + ": " + outputProblem);
      return 2;
    }
    System.out.println("Redlens validation against " + apiUrl + " (project " + project + ")");
    Validator validator =
        new Validator(apiUrl, project, verbose ? System.out::println : line -> {});
    Map<String, Object> report = validator.run();
    print(report);
    if (output != null) {
      try {
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        Files.writeString(output, Json.write(report) + "\n", StandardCharsets.UTF_8);
        System.out.println("Report written to " + output);
      } catch (IOException e) {
        System.err.println(
            "--output: cannot write the report to " + output + ": " + e.getMessage());
        return 2;
      }
    }
    return Boolean.TRUE.equals(report.get("passed")) ? 0 : 1;
  }

  /** What is wrong with {@code url} as the service's address, or null. */
  static String urlProblem(String url) {
    try {
      URI uri = new URI(url);
      if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
        return "must be an http:// or https:// URL";
      }
      if (uri.getHost() == null || uri.getHost().isEmpty()) {
        return "has no host";
      }
      if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
        return "must not have a query or fragment";
      }
      return null;
    } catch (URISyntaxException e) {
      return "is not a valid URL";
    }
  }

  /** Why the report could not be written at {@code output}, or null if it probably can. */
  static String outputProblem(Path output) {
    if (Files.isDirectory(output)) {
      return "it is a directory";
    }
    for (Path p = output.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
      if (Files.exists(p) && !Files.isDirectory(p)) {
        return p + " is a file, not a directory";
      }
    }
    return null;
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
