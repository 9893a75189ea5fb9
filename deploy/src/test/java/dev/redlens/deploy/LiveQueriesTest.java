package dev.redlens.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every PromQL expression of the kit against a real Prometheus that evaluates the rule files and
 * scrapes two targets: a running {@code redlens-service} (its Redis under load, with error replies,
 * a slow command and failed INFO polls) and a library application on a Redis Cluster with replicas
 * (MOVED redirections, CLUSTER INFO, replica links): every dashboard query, with the template
 * variables set to all their values, parses and returns data; every template variable returns
 * values; every rule parses, Prometheus loads it healthy, every series it selects exists and every
 * recording rule records series. What needs a cluster, a polled replica or node_exporter is checked
 * for parsing only ({@link ParseOnly}). Failures name the panel or rule.
 */
class LiveQueriesTest {

  static final String JOB = "redlens-service";
  static final String CLUSTER_JOB = "redlens-cluster-app";

  /** Generous: the first data needs a few scrapes and rule evaluations on a loaded machine. */
  static final Duration DEADLINE = Duration.ofSeconds(90);

  static ServiceUnderLoad service;
  static ClusterAppUnderLoad clusterApp;
  static PrometheusProcess prometheus;

  @BeforeAll
  static void start() throws Exception {
    try {
      service = ServiceUnderLoad.start();
      clusterApp = ClusterAppUnderLoad.start();
      prometheus =
          PrometheusProcess.start(
              Map.of(JOB, service.target(), CLUSTER_JOB, clusterApp.target()),
              List.of(Kit.RECORDING.toAbsolutePath(), Kit.ALERTS.toAbsolutePath()));
      // Prometheus sees both targets before and after the traffic, so rates have two points
      awaitData("the first scrapes", "count(up == 1) == 2");
      awaitData("the cluster app's first scrape", "redis_cluster_state");
      service.generateLoad();
      clusterApp.generateLoad();
      awaitData(
          "the INFO poll that failed while Redis was paused", "redis_info_poll_failures_total");
      awaitData("the slow command", "redis_client_operation_slow_total");
      awaitData("the MOVED redirection", "redis_client_cluster_redirections_total");
      awaitData("the recorded error ratio", "job_command:redlens_operation_errors:ratio_rate5m");
    } catch (RuntimeException | Error e) {
      stop();
      throw e;
    }
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable part : new AutoCloseable[] {prometheus, clusterApp, service}) {
      try {
        if (part != null) {
          part.close();
        }
      } catch (Exception e) {
        // the other parts still have to stop
      }
    }
  }

  private static void awaitData(String what, String expr) {
    Awaitility.await(what + " in Prometheus (" + expr + ")")
        .atMost(DEADLINE)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> prometheus.query(expr).hasData());
  }

  @Test
  void bothTargetsAreScrapedHealthily() {
    JsonNode targets = prometheus.targets();
    assertThat(targets).hasSize(2);
    for (JsonNode target : targets) {
      assertThat(target.path("health").asText())
          .as("scrape of %s: %s", target.path("scrapeUrl"), target.path("lastError"))
          .isEqualTo("up");
    }
  }

  @Test
  void everyTemplateVariableReturnsValues() {
    Map<String, List<String>> values = variableValues();
    for (JsonNode variable : Kit.queryVariables(Kit.dashboard())) {
      String name = variable.path("name").asText();
      assertThat(values.get(name))
          .as("values of $" + name + ": " + Kit.variableQuery(variable))
          .isNotEmpty();
    }
    assertThat(values.get("job")).containsExactlyInAnyOrder(JOB, CLUSTER_JOB);
    assertThat(values.get("instance"))
        .containsExactlyInAnyOrder(service.target(), clusterApp.target());
    assertThat(values.get("project"))
        .contains(ServiceUnderLoad.PROJECT_A, ServiceUnderLoad.PROJECT_B);
    assertThat(values.get("command")).contains("SET", "GET", "INCR", "HSET");
  }

  @Test
  void everyPanelQueryParsesAndReturnsData() {
    Set<String> titles = new HashSet<>();
    Kit.panels(Kit.dashboard()).forEach(p -> titles.add(p.path("title").asText()));
    assertThat(titles)
        .as("panels of the allow-list (ParseOnly) exist")
        .containsAll(ParseOnly.PANELS_NEEDING_REDIS_7.keySet());
    boolean redis7 = !prometheus.query("redis_server{redis_version=~\"[0-6]\\\\..*\"}").hasData();
    awaitNoFailures(
        "dashboard queries",
        () -> {
          Map<String, List<String>> variables = variableValues();
          List<String> failures = new ArrayList<>();
          for (Kit.PanelQuery query : Kit.panelQueries(Kit.dashboard())) {
            String expr = PromQl.interpolate(query.expr(), variables);
            PrometheusProcess.QueryResult result = prometheus.query(expr);
            boolean parseOnly =
                !redis7 && ParseOnly.PANELS_NEEDING_REDIS_7.containsKey(query.panel());
            if (result.error() != null) {
              failures.add(query + " does not parse: " + result.error() + "\n    " + expr);
            } else if (!parseOnly && !result.hasData()) {
              failures.add(query + " returns no data:\n    " + expr);
            }
          }
          return failures;
        });
  }

  @Test
  void everyRuleParsesAndIsLoadedHealthy() {
    List<String> failures = new ArrayList<>();
    for (Kit.Rule rule : Kit.rules()) {
      PrometheusProcess.QueryResult result = prometheus.query(rule.expr());
      if (result.error() != null) {
        failures.add(rule + " does not parse: " + result.error());
      }
    }
    Map<String, String> loaded = new LinkedHashMap<>();
    for (JsonNode group : prometheus.rules()) {
      for (JsonNode rule : group.path("rules")) {
        loaded.put(rule.path("name").asText(), rule.path("health").asText("?"));
      }
    }
    for (Kit.Rule rule : Kit.rules()) {
      if (!loaded.containsKey(rule.name())) {
        failures.add(rule + " is not loaded by Prometheus");
      }
    }
    assertThat(failures).isEmpty();
    awaitNoFailures(
        "rule health",
        () -> {
          List<String> unhealthy = new ArrayList<>();
          for (JsonNode group : prometheus.rules()) {
            for (JsonNode rule : group.path("rules")) {
              if (!"ok".equals(rule.path("health").asText())) {
                unhealthy.add(
                    rule.path("name").asText()
                        + " is "
                        + rule.path("health").asText()
                        + ": "
                        + rule.path("lastError").asText());
              }
            }
          }
          return unhealthy;
        });
  }

  @Test
  void everySeriesTheRulesSelectAndRecordExists() {
    Set<String> allowed = new HashSet<>(ParseOnly.SELECTORS.keySet());
    Set<String> used = new HashSet<>();
    awaitNoFailures(
        "rule selectors",
        () -> {
          List<String> failures = new ArrayList<>();
          for (Kit.Rule rule : Kit.rules()) {
            if (!rule.alert()
                && !allowed.contains(rule.name())
                && !prometheus.query(rule.name()).hasData()) {
              failures.add(rule + " records no series");
            }
            for (String selector : PromQl.selectors(rule.expr())) {
              used.add(selector);
              if (!allowed.contains(selector)
                  && !prometheus.query("last_over_time(" + selector + "[1h])").hasData()) {
                failures.add(rule + " selects " + selector + ", which has no series");
              }
            }
          }
          return failures;
        });
    assertThat(used)
        .as("selectors of the allow-list (ParseOnly) appear in the rules")
        .containsAll(allowed);
  }

  /**
   * Grafana's variable queries, resolved in order (later variables use earlier ones): {@code
   * label_values(label)}, {@code label_values(selector, label)}, {@code query_result(expr)} with
   * the variable's regex.
   */
  static Map<String, List<String>> variableValues() {
    Map<String, List<String>> values = new LinkedHashMap<>();
    Pattern labelValues = Pattern.compile("label_values\\((?:(.*),\\s*)?(\\w+)\\)");
    Pattern queryResult = Pattern.compile("query_result\\((.*)\\)");
    for (JsonNode variable : Kit.queryVariables(Kit.dashboard())) {
      String name = variable.path("name").asText();
      String query = PromQl.interpolate(Kit.variableQuery(variable), values);
      List<String> found = new ArrayList<>();
      Matcher m;
      if ((m = labelValues.matcher(query)).matches()) {
        found.addAll(prometheus.labelValues(m.group(2), m.group(1)));
      } else if ((m = queryResult.matcher(query)).matches()) {
        PrometheusProcess.QueryResult result = prometheus.query(m.group(1));
        assertThat(result.error()).as("$" + name + ": " + query).isNull();
        String regex = variable.path("regex").asText();
        Pattern extract = Pattern.compile(regex.substring(1, regex.length() - 1));
        for (JsonNode sample : result.result()) {
          Matcher e = extract.matcher(grafanaText(sample));
          if (e.find() && !found.contains(e.group(1))) {
            found.add(e.group(1));
          }
        }
      } else {
        throw new AssertionError("$" + name + ": unsupported variable query " + query);
      }
      values.put(name, found);
    }
    return values;
  }

  /** A sample as Grafana's query_result shows it to the regex: {@code name{a="b"} value ts}. */
  private static String grafanaText(JsonNode sample) {
    StringBuilder text = new StringBuilder(sample.path("metric").path("__name__").asText());
    List<String> labels = new ArrayList<>();
    sample
        .path("metric")
        .fields()
        .forEachRemaining(
            e -> {
              if (!e.getKey().equals("__name__")) {
                labels.add(e.getKey() + "=\"" + e.getValue().asText() + "\"");
              }
            });
    text.append('{').append(String.join(", ", labels)).append('}');
    return text.append(' ').append(sample.path("value").path(1).asText()).toString();
  }

  /**
   * Re-evaluates {@code failures} until it is empty or {@link #DEADLINE} passes (data arrives with
   * scrapes and rule evaluations), then asserts the last list is empty, naming each failure.
   */
  private static void awaitNoFailures(String what, Supplier<List<String>> failures) {
    List<List<String>> last = new ArrayList<>(List.of(List.of()));
    try {
      Awaitility.await(what)
          .atMost(DEADLINE)
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                last.set(0, failures.get());
                return last.get(0).isEmpty();
              });
    } catch (ConditionTimeoutException e) {
      // reported below, with the names of the failing panels or rules
    }
    assertThat(last.get(0)).as(what).isEmpty();
  }
}
