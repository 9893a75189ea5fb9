package dev.redlens.service.internal.validate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format (version 0.0.4): {@code # HELP}, {@code
 * # TYPE} and sample lines, with the format's name, label and escaping rules. {@link #parse} throws
 * on the first line that is not valid, naming it, so a test or {@code validate} can say "{@code
 * /metrics} is valid" with reason.
 */
public final class PrometheusText {

  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Set<String> TYPES =
      Set.of("counter", "gauge", "histogram", "summary", "untyped");

  /** One sample line. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  private final Map<String, String> types;
  private final List<Sample> samples;

  private PrometheusText(Map<String, String> types, List<Sample> samples) {
    this.types = types;
    this.samples = samples;
  }

  /** The family name → type of every {@code # TYPE} line. */
  public Map<String, String> types() {
    return Collections.unmodifiableMap(types);
  }

  public List<Sample> samples() {
    return Collections.unmodifiableList(samples);
  }

  /** Whether a sample named {@code name} exists. */
  public boolean has(String name) {
    return samples.stream().anyMatch(s -> s.name().equals(name));
  }

  /** Whether a sample named {@code name} has every label of {@code labels}. */
  public boolean has(String name, Map<String, String> labels) {
    return samples.stream()
        .anyMatch(
            s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()));
  }

  /**
   * The sum of the values of the samples named {@code name} that have every label of {@code
   * labels}.
   */
  public double sum(String name, Map<String, String> labels) {
    return samples.stream()
        .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
        .mapToDouble(Sample::value)
        .sum();
  }

  /** Parses {@code text}; throws {@link IllegalArgumentException} naming the first invalid line. */
  public static PrometheusText parse(String text) {
    Map<String, String> types = new LinkedHashMap<>();
    Map<String, Integer> helpLines = new HashMap<>();
    List<Sample> samples = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int number = i + 1;
      if (line.isEmpty()) {
        if (i != lines.length - 1) {
          // blank lines are tolerated by Prometheus, but the writers we check never emit them
          continue;
        }
        continue;
      }
      try {
        if (line.startsWith("#")) {
          comment(line, types, helpLines, number);
        } else {
          samples.add(sample(line));
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "line " + number + ": " + e.getMessage() + ": " + abbreviate(line), e);
      }
    }
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new IllegalArgumentException("the exposition must end with a line feed");
    }
    return new PrometheusText(types, samples);
  }

  private static void comment(
      String line, Map<String, String> types, Map<String, Integer> helps, int number) {
    String[] parts = line.split(" ", 4);
    if (parts.length >= 3
        && parts[0].equals("#")
        && (parts[1].equals("TYPE") || parts[1].equals("HELP"))) {
      String name = parts[2];
      if (!METRIC_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("invalid metric name '" + name + "'");
      }
      if (parts[1].equals("TYPE")) {
        if (parts.length != 4 || !TYPES.contains(parts[3])) {
          throw new IllegalArgumentException("invalid TYPE");
        }
        if (types.put(name, parts[3]) != null) {
          throw new IllegalArgumentException("second TYPE line for " + name);
        }
      } else if (helps.put(name, number) != null) {
        throw new IllegalArgumentException("second HELP line for " + name);
      }
    }
    // any other comment is allowed
  }

  private static Sample sample(String line) {
    int i = 0;
    int n = line.length();
    while (i < n && line.charAt(i) != '{' && line.charAt(i) != ' ') i++;
    String name = line.substring(0, i);
    if (!METRIC_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid metric name '" + name + "'");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    if (i < n && line.charAt(i) == '{') {
      i++;
      while (true) {
        if (i < n && line.charAt(i) == '}') {
          i++;
          break;
        }
        int start = i;
        while (i < n && line.charAt(i) != '=') i++;
        String label = line.substring(start, i).trim();
        if (!LABEL_NAME.matcher(label).matches()) {
          throw new IllegalArgumentException("invalid label name '" + label + "'");
        }
        if (i + 1 >= n || line.charAt(i + 1) != '"') {
          throw new IllegalArgumentException("label value of " + label + " must be quoted");
        }
        i += 2;
        StringBuilder value = new StringBuilder();
        boolean closed = false;
        while (i < n) {
          char c = line.charAt(i++);
          if (c == '\\') {
            if (i >= n) break;
            char e = line.charAt(i++);
            if (e == 'n') value.append('\n');
            else if (e == '\\' || e == '"') value.append(e);
            else throw new IllegalArgumentException("invalid escape \\" + e + " in label " + label);
          } else if (c == '"') {
            closed = true;
            break;
          } else {
            value.append(c);
          }
        }
        if (!closed) {
          throw new IllegalArgumentException("unterminated label value of " + label);
        }
        if (labels.put(label, value.toString()) != null) {
          throw new IllegalArgumentException("label " + label + " given twice");
        }
        if (i < n && line.charAt(i) == ',') {
          i++;
        } else if (i < n && line.charAt(i) == '}') {
          i++;
          break;
        } else {
          throw new IllegalArgumentException("expected , or } after label " + label);
        }
      }
    }
    if (i >= n || line.charAt(i) != ' ') {
      throw new IllegalArgumentException("expected a space before the value");
    }
    String[] rest = line.substring(i + 1).trim().split(" ");
    if (rest.length < 1 || rest.length > 2) {
      throw new IllegalArgumentException("expected a value and an optional timestamp");
    }
    double value = value(rest[0]);
    if (rest.length == 2) {
      try {
        Long.parseLong(rest[1]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("invalid timestamp '" + rest[1] + "'");
      }
    }
    return new Sample(name, labels, value);
  }

  private static double value(String text) {
    switch (text) {
      case "+Inf":
      case "Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      case "NaN":
        return Double.NaN;
      default:
        try {
          return Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("invalid value '" + text + "'");
        }
    }
  }

  private static String abbreviate(String line) {
    return line.length() <= 120 ? line : line.substring(0, 120) + "…";
  }
}
