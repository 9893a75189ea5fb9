package dev.redlens.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redlens.core.RedlensSemconv;
import dev.redlens.info.ServerMetricNames;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every metric name in the dashboard and the rules is a name of the telemetry contract (the
 * constants of {@link RedlensSemconv} and {@link ServerMetricNames}) as Prometheus receives it, a
 * recorded series of recording.yml, or node_exporter's. Unlike {@link LiveQueriesTest}, this also
 * covers the names a standalone service cannot produce (cluster state, redirections, replica link).
 */
class ContractNamesTest {

  /**
   * What the OpenTelemetry Prometheus exporter appends to a name: the unit ({@code s}, {@code By},
   * {@code ms}, {@code us}; curly-brace units are dropped), {@code _total} on counters, and the
   * histogram series.
   */
  static final List<String> UNIT_SUFFIXES =
      List.of("", "_seconds", "_bytes", "_milliseconds", "_microseconds");

  static final List<String> TYPE_SUFFIXES = List.of("", "_total", "_bucket", "_count", "_sum");

  @Test
  void everyMetricNameOfTheKitIsInTheContract() {
    Set<String> contract = contractNames();
    Set<String> recorded = new TreeSet<>();
    Kit.rules().stream().filter(r -> !r.alert()).forEach(r -> recorded.add(r.name()));
    Set<String> used = new TreeSet<>();
    Kit.rules().forEach(r -> PromQl.selectors(r.expr()).forEach(s -> used.add(metricName(s))));
    Kit.panelQueries(Kit.dashboard())
        .forEach(q -> PromQl.selectors(q.expr()).forEach(s -> used.add(metricName(s))));
    Kit.queryVariables(Kit.dashboard())
        .forEach(
            v ->
                // label_values(selector, label): the last argument is a label, not a series
                PromQl.selectors(Kit.variableQuery(v).replaceAll(",\\s*\\w+\\)$", ")"))
                    .forEach(s -> used.add(metricName(s))));
    assertThat(used).as("metric names of the kit").hasSizeGreaterThan(50);
    List<String> unknown = new ArrayList<>();
    for (String name : used) {
      boolean known =
          recorded.contains(name)
              || name.startsWith("node_")
              || contract.stream().anyMatch(c -> rendersAs(c, name));
      if (!known) {
        unknown.add(name);
      }
    }
    assertThat(unknown).as("names neither in the contract nor recorded").isEmpty();
  }

  @Test
  void theNameCheckRejectsAMisspelling() {
    Set<String> contract = contractNames();
    assertThat(contract.stream().anyMatch(c -> rendersAs(c, "redis_memory_used_bytes"))).isTrue();
    assertThat(contract.stream().anyMatch(c -> rendersAs(c, "redis_memory_use_bytes"))).isFalse();
    assertThat(contract.stream().anyMatch(c -> rendersAs(c, "redis_server"))).isTrue();
  }

  private static String metricName(String selector) {
    int brace = selector.indexOf('{');
    return brace < 0 ? selector : selector.substring(0, brace);
  }

  /** Whether the exporter writes contract name {@code name} as Prometheus series {@code series}. */
  static boolean rendersAs(String name, String series) {
    String base = name.replace('.', '_');
    // the Prometheus client drops a gauge's "_info" suffix: redis.server.info is redis_server
    if (base.endsWith("_info") && series.equals(base.substring(0, base.length() - 5))) {
      return true;
    }
    for (String unit : UNIT_SUFFIXES) {
      for (String type : TYPE_SUFFIXES) {
        if (series.equals(base + unit + type)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The metric names among the constants of the two contract classes. */
  static Set<String> contractNames() {
    Set<String> names = new TreeSet<String>();
    for (Class<?> type : List.of(RedlensSemconv.class, ServerMetricNames.class)) {
      for (Field field : type.getFields()) {
        if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
          try {
            String value = (String) field.get(null);
            if (value.matches("(redis|db\\.client)(\\.[a-z_]+)+")) {
              names.add(value);
            }
          } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
          }
        }
      }
    }
    return names;
  }
}
