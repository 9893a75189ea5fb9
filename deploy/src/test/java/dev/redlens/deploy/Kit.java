package dev.redlens.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files of the operations kit as the tests read them: the dashboard's panels and their queries,
 * its template variables, and the rules of the rule files. Paths are relative to the module
 * directory (surefire's working directory).
 */
final class Kit {

  static final Path DASHBOARD = Path.of("grafana", "redlens.json");
  static final Path ALERTS = Path.of("prometheus", "alerts.yml");
  static final Path RECORDING = Path.of("prometheus", "recording.yml");
  static final Path RULE_TESTS = Path.of("prometheus", "tests");
  static final Path README = Path.of("README.md");

  static final ObjectMapper JSON = new ObjectMapper();
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Kit() {}

  /** One PromQL query of a panel. */
  record PanelQuery(String panel, String refId, String expr) {
    @Override
    public String toString() {
      return "panel \"" + panel + "\" query " + refId;
    }
  }

  /** One alerting or recording rule. */
  record Rule(String file, String group, String name, boolean alert, String expr, JsonNode node) {
    @Override
    public String toString() {
      return (alert ? "alert " : "recording rule ") + name + " (" + file + ", group " + group + ")";
    }
  }

  static JsonNode dashboard() {
    return read(JSON, DASHBOARD);
  }

  /** Every panel, rows' nested panels included, in order. */
  static List<JsonNode> panels(JsonNode dashboard) {
    List<JsonNode> panels = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      panels.add(panel);
      panel.path("panels").forEach(panels::add);
    }
    return panels;
  }

  static List<PanelQuery> panelQueries(JsonNode dashboard) {
    List<PanelQuery> queries = new ArrayList<>();
    for (JsonNode panel : panels(dashboard)) {
      for (JsonNode target : panel.path("targets")) {
        queries.add(
            new PanelQuery(
                panel.path("title").asText(),
                target.path("refId").asText(),
                target.path("expr").asText()));
      }
    }
    return queries;
  }

  /** The template variables of type {@code query}, in declaration order. */
  static List<JsonNode> queryVariables(JsonNode dashboard) {
    List<JsonNode> variables = new ArrayList<>();
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if ("query".equals(variable.path("type").asText())) {
        variables.add(variable);
      }
    }
    return variables;
  }

  /** The variable's query text, whether Grafana stored it as a string or as an object. */
  static String variableQuery(JsonNode variable) {
    JsonNode query = variable.path("query");
    return query.isTextual() ? query.asText() : query.path("query").asText();
  }

  static List<Rule> rules() {
    List<Rule> rules = new ArrayList<>();
    for (Path file : List.of(RECORDING, ALERTS)) {
      for (JsonNode group : read(YAML, file).path("groups")) {
        for (JsonNode rule : group.path("rules")) {
          boolean alert = rule.has("alert");
          rules.add(
              new Rule(
                  file.toString(),
                  group.path("name").asText(),
                  rule.path(alert ? "alert" : "record").asText(),
                  alert,
                  rule.path("expr").asText(),
                  rule));
        }
      }
    }
    return rules;
  }

  static JsonNode read(ObjectMapper mapper, Path file) {
    try {
      return mapper.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
    }
  }
}
