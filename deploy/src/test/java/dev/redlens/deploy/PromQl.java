package dev.redlens.deploy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The little PromQL text handling the tests need: Grafana's variable interpolation, and the vector
 * selectors of an expression (to check that each names series that exist).
 */
final class PromQl {

  /**
   * Grafana's built-in interval variables, as Grafana would set them for a one-hour range scraped
   * every two seconds.
   */
  static final Map<String, String> BUILT_INS =
      Map.of("__rate_interval", "1m", "__interval", "15s", "__range", "1h");

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern SELECTOR =
      Pattern.compile("(?<![\\w:\"])([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(\\{[^}]*})?");

  private PromQl() {}

  /**
   * Replaces {@code $name} and {@code ${name}} as Grafana does for a multi-value variable with all
   * its values selected: {@code (v1|v2|...)}, each value regex-escaped inside the PromQL string.
   *
   * @throws IllegalArgumentException on a variable that is neither given nor built in
   */
  static String interpolate(String expr, Map<String, List<String>> variables) {
    Matcher m = VARIABLE.matcher(expr);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2);
      String replacement;
      if (BUILT_INS.containsKey(name)) {
        replacement = BUILT_INS.get(name);
      } else if (variables.containsKey(name)) {
        replacement = alternation(variables.get(name));
      } else {
        throw new IllegalArgumentException("unknown variable $" + name + " in " + expr);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String alternation(List<String> values) {
    List<String> escaped = new ArrayList<>();
    for (String value : values) {
      // a regex escape, written as PromQL string text (Grafana's prometheusSpecialRegexEscape)
      escaped.add(value.replaceAll("([\\\\^$*+?.()|\\[\\]{}])", "\\\\\\\\$1"));
    }
    return "(" + String.join("|", escaped) + ")";
  }

  /**
   * The vector selectors of {@code expr} that name a Redlens, Redis, node_exporter or recorded
   * series (metric name and label matchers, without range or offset), in order of appearance.
   */
  static Set<String> selectors(String expr) {
    String text = GROUPING.matcher(stripStringsOutsideBraces(expr)).replaceAll(" ");
    Set<String> selectors = new LinkedHashSet<>();
    Matcher m = SELECTOR.matcher(text);
    while (m.find()) {
      String name = m.group(1);
      boolean series =
          name.contains(":")
              || name.startsWith("redis_")
              || name.startsWith("db_client_")
              || name.startsWith("node_");
      if (series) {
        selectors.add(name + (m.group(2) == null ? "" : m.group(2).replaceAll("\\s+", "")));
      }
    }
    return selectors;
  }

  /** Blanks string literals outside label matchers (e.g. label_replace's arguments). */
  private static String stripStringsOutsideBraces(String expr) {
    StringBuilder out = new StringBuilder();
    int depth = 0;
    boolean inString = false;
    for (int i = 0; i < expr.length(); i++) {
      char c = expr.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
        out.append(' ');
        continue;
      }
      if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth--;
      } else if (c == '"' && depth == 0) {
        inString = true;
        out.append(' ');
        continue;
      }
      out.append(c);
    }
    return out.toString();
  }
}
