package dev.redlens.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's structure, without Prometheus: strict JSON, unique panel ids, every panel with a
 * title, a description and the dashboard's data-source variable, a unit and at least one query;
 * every template variable with a data source and a query. (That each query and each variable
 * returns data is {@link LiveQueriesTest}'s job.)
 */
class DashboardStructureTest {

  @Test
  void isStrictJsonWithTheDashboardFields() throws Exception {
    ObjectMapper strict =
        new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    JsonNode dashboard = strict.readTree(Kit.DASHBOARD.toFile());
    assertThat(dashboard.path("uid").asText()).isNotBlank();
    assertThat(dashboard.path("title").asText()).isNotBlank();
    assertThat(dashboard.path("description").asText()).isNotBlank();
    assertThat(dashboard.path("schemaVersion").asInt()).isPositive();
    assertThat(dashboard.path("panels").isArray()).isTrue();
  }

  @Test
  void panelIdsAreUnique() {
    Set<Integer> ids = new HashSet<>();
    List<String> duplicates = new ArrayList<>();
    for (JsonNode panel : Kit.panels(Kit.dashboard())) {
      if (!ids.add(panel.path("id").asInt(-1))) {
        duplicates.add(panel.path("id") + " (" + panel.path("title").asText() + ")");
      }
    }
    assertThat(duplicates).as("duplicate panel ids").isEmpty();
    assertThat(ids).doesNotContain(-1);
  }

  @Test
  void everyPanelHasADataSourceTitleDescriptionUnitAndQueries() {
    List<String> problems = new ArrayList<>();
    Set<String> titles = new HashSet<>();
    for (JsonNode panel : Kit.panels(Kit.dashboard())) {
      String title = panel.path("title").asText();
      String where = "panel " + panel.path("id") + " \"" + title + "\": ";
      if (title.isBlank()) {
        problems.add(where + "no title");
      } else if (!titles.add(title)) {
        // titles name panels in the live test's failures and the allow-list
        problems.add(where + "title used twice");
      }
      if (panel.path("description").asText().isBlank()) {
        problems.add(where + "no description");
      }
      if (!isTheDataSourceVariable(panel.path("datasource"))) {
        problems.add(where + "data source is not ${datasource}: " + panel.path("datasource"));
      }
      if ("row".equals(panel.path("type").asText())) {
        continue;
      }
      if (panel.path("fieldConfig").path("defaults").path("unit").asText().isBlank()) {
        problems.add(where + "no unit");
      }
      Set<String> refIds = new HashSet<>();
      JsonNode targets = panel.path("targets");
      if (targets.isEmpty()) {
        problems.add(where + "no query");
      }
      for (JsonNode target : targets) {
        if (target.path("expr").asText().isBlank()) {
          problems.add(where + "query without expr");
        }
        if (!refIds.add(target.path("refId").asText())) {
          problems.add(where + "refId used twice: " + target.path("refId"));
        }
        if (!isTheDataSourceVariable(target.path("datasource"))) {
          problems.add(where + "query data source is not ${datasource}");
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void everyTemplateVariableHasADataSourceAndAQuery() {
    JsonNode dashboard = Kit.dashboard();
    boolean hasDataSourceVariable = false;
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if ("datasource".equals(variable.path("type").asText())) {
        hasDataSourceVariable |= "datasource".equals(variable.path("name").asText());
        assertThat(variable.path("query").asText()).isEqualTo("prometheus");
      }
    }
    assertThat(hasDataSourceVariable).as("a data-source variable named datasource").isTrue();
    List<JsonNode> variables = Kit.queryVariables(dashboard);
    assertThat(variables)
        .extracting(v -> v.path("name").asText())
        .containsExactly("job", "instance", "server", "port", "command", "category", "project");
    for (JsonNode variable : variables) {
      assertThat(isTheDataSourceVariable(variable.path("datasource")))
          .as(variable.path("name").asText())
          .isTrue();
      assertThat(Kit.variableQuery(variable)).as(variable.path("name").asText()).isNotBlank();
      assertThat(variable.path("description").asText()).isNotBlank();
    }
  }

  private static boolean isTheDataSourceVariable(JsonNode datasource) {
    return "prometheus".equals(datasource.path("type").asText())
        && "${datasource}".equals(datasource.path("uid").asText());
  }
}
