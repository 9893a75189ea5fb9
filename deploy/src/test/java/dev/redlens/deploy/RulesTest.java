package dev.redlens.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rule files through {@code promtool} ({@code check rules}, {@code test rules}), and the
 * completeness of their unit tests and annotations: every alert fires in one test case (with its
 * severity, summary, description and runbook) and stays quiet in another, and every runbook names a
 * section of deploy/README.md.
 */
class RulesTest {

  @BeforeAll
  static void prometheusInstalled() throws Exception {
    PrometheusInstalled.ensure();
  }

  @Test
  void promtoolChecksTheRuleFiles() throws Exception {
    assertPromtool("check", "rules", Kit.ALERTS.toString(), Kit.RECORDING.toString());
  }

  @Test
  void promtoolUnitTestsPass() throws Exception {
    List<String> args = new ArrayList<>(List.of("test", "rules"));
    args.addAll(ruleTestFiles().stream().map(Path::toString).toList());
    assertPromtool(args.toArray(String[]::new));
  }

  @Test
  void everyAlertFiresInOneTestCaseAndStaysQuietInAnother() throws IOException {
    Set<String> firing = new HashSet<>();
    Set<String> quiet = new HashSet<>();
    List<String> problems = new ArrayList<>();
    List<Kit.Rule> alerts = Kit.rules().stream().filter(Kit.Rule::alert).toList();
    Set<String> names = alerts.stream().map(Kit.Rule::name).collect(Collectors.toSet());
    for (Path file : ruleTestFiles()) {
      for (JsonNode test : Kit.read(Kit.YAML, file).path("tests")) {
        for (JsonNode check : test.path("alert_rule_test")) {
          String name = check.path("alertname").asText();
          if (!names.contains(name)) {
            problems.add(file + " tests an alert that does not exist: " + name);
            continue;
          }
          Kit.Rule rule = alerts.stream().filter(r -> r.name().equals(name)).findFirst().get();
          JsonNode expected = check.path("exp_alerts");
          if (expected.isEmpty()) {
            quiet.add(name);
          }
          for (JsonNode alert : expected) {
            firing.add(name);
            problems.addAll(checkExpectation(file, rule, alert));
          }
        }
      }
    }
    for (String name : names) {
      if (!firing.contains(name)) {
        problems.add(name + " has no test case in which it fires");
      }
      if (!quiet.contains(name)) {
        problems.add(name + " has no test case in which it stays quiet");
      }
    }
    assertThat(problems).as("promtool test coverage").isEmpty();
  }

  private static List<String> checkExpectation(Path file, Kit.Rule rule, JsonNode alert) {
    List<String> problems = new ArrayList<>();
    String where = file + ", " + rule.name() + ": ";
    String severity = rule.node().path("labels").path("severity").asText();
    if (!severity.equals(alert.path("exp_labels").path("severity").asText())) {
      problems.add(where + "expected alert without the rule's severity " + severity);
    }
    JsonNode annotations = alert.path("exp_annotations");
    for (String key : List.of("summary", "description", "runbook")) {
      if (annotations.path(key).asText().isBlank()) {
        problems.add(where + "expected alert without annotation " + key);
      }
    }
    String runbook = rule.node().path("annotations").path("runbook").asText();
    if (!runbook.equals(annotations.path("runbook").asText())) {
      problems.add(where + "expected runbook differs from the rule's " + runbook);
    }
    return problems;
  }

  @Test
  void everyAlertHasASeveritySummaryDescriptionAndARunbookSectionInTheReadme() throws IOException {
    Set<String> anchors = readmeAnchors();
    List<String> problems = new ArrayList<>();
    for (Kit.Rule rule : Kit.rules()) {
      if (!rule.alert()) {
        continue;
      }
      JsonNode annotations = rule.node().path("annotations");
      if (!Set.of("warning", "critical")
          .contains(rule.node().path("labels").path("severity").asText())) {
        problems.add(rule + ": severity must be warning or critical");
      }
      for (String key : List.of("summary", "description")) {
        if (annotations.path(key).asText().isBlank()) {
          problems.add(rule + ": no " + key);
        }
      }
      String runbook = annotations.path("runbook").asText();
      String prefix = "deploy/README.md#";
      if (!runbook.startsWith(prefix) || !anchors.contains(runbook.substring(prefix.length()))) {
        problems.add(rule + ": runbook " + runbook + " is not a section of deploy/README.md");
      }
    }
    assertThat(problems).isEmpty();
  }

  /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
  static Set<String> readmeAnchors() throws IOException {
    Set<String> anchors = new HashSet<>();
    for (String line : Files.readAllLines(Kit.README)) {
      if (line.startsWith("#")) {
        String heading = line.replaceFirst("^#+\\s*", "").trim().toLowerCase(Locale.ROOT);
        anchors.add(heading.replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
      }
    }
    return anchors;
  }

  static List<Path> ruleTestFiles() throws IOException {
    try (Stream<Path> files = Files.list(Kit.RULE_TESTS)) {
      List<Path> list = files.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
      assertThat(list).as("promtool test files in " + Kit.RULE_TESTS).isNotEmpty();
      return list;
    }
  }

  private static void assertPromtool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(PrometheusInstalled.PROMTOOL.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
  }
}
