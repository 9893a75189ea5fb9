package dev.redlens.info;

import dev.redlens.info.internal.KeyValueList;
import dev.redlens.info.internal.Numbers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Reads the composite lines of {@code INFO} (commandstats, latencystats, errorstats, keyspace,
 * replicas) from raw section fields. A line with the right prefix whose value cannot be read is
 * left out and counted in {@link #unreadable()}; fields with other names are not this class's
 * business.
 */
final class StructuredLines {
  static final String CMDSTAT = "cmdstat_";
  static final String LATENCY = "latency_percentiles_usec_";
  static final String ERRORSTAT = "errorstat_";

  private int unreadable;

  /** Lines with a known prefix that could not be read so far. */
  public int unreadable() {
    return unreadable;
  }

  /** {@code cmdstat_<command>} lines, keyed by command. A line needs a numeric {@code calls}. */
  public Map<String, CommandStats> commandStats(Map<String, String> section) {
    Map<String, CommandStats> result = new LinkedHashMap<>();
    forPrefix(
        section,
        CMDSTAT,
        (command, value) -> {
          Map<String, String> pairs = KeyValueList.parse(value);
          if (Numbers.parseLong(pairs.get("calls")).isEmpty()) {
            return false;
          }
          result.put(command, new CommandStats(command, pairs));
          return true;
        });
    return Collections.unmodifiableMap(result);
  }

  /**
   * {@code latency_percentiles_usec_<command>} lines; a line needs at least one {@code pNN=number}
   * pair.
   */
  public Map<String, LatencyPercentiles> latencyStats(Map<String, String> section) {
    Map<String, LatencyPercentiles> result = new LinkedHashMap<>();
    forPrefix(
        section,
        LATENCY,
        (command, value) -> {
          Map<String, Double> percentiles = new LinkedHashMap<>();
          KeyValueList.parse(value)
              .forEach(
                  (label, number) -> {
                    OptionalDouble usec = Numbers.parseDouble(number);
                    if (isPercentileLabel(label) && usec.isPresent()) {
                      percentiles.put(label, usec.getAsDouble());
                    }
                  });
          if (percentiles.isEmpty()) {
            return false;
          }
          result.put(command, new LatencyPercentiles(command, percentiles));
          return true;
        });
    return Collections.unmodifiableMap(result);
  }

  /** {@code errorstat_<PREFIX>:count=N} lines, keyed by error prefix. */
  public Map<String, Long> errorStats(Map<String, String> section) {
    Map<String, Long> result = new LinkedHashMap<>();
    forPrefix(
        section,
        ERRORSTAT,
        (prefix, value) -> {
          OptionalLong count = Numbers.parseLong(KeyValueList.parse(value).get("count"));
          if (count.isEmpty()) {
            return false;
          }
          result.put(prefix, count.getAsLong());
          return true;
        });
    return Collections.unmodifiableMap(result);
  }

  /** {@code dbN:} lines, keyed and ordered by database index. A line needs at least one pair. */
  public Map<Integer, KeyspaceInfo> keyspace(Map<String, String> section) {
    Map<Integer, KeyspaceInfo> result = new TreeMap<>();
    section.forEach(
        (field, value) -> {
          int db = indexAfter(field, "db");
          if (db == NOT_INDEXED) {
            return;
          }
          Map<String, String> pairs = KeyValueList.parse(value);
          if (db < 0 || pairs.isEmpty()) {
            unreadable++;
            return;
          }
          result.put(db, new KeyspaceInfo(db, pairs));
        });
    return Collections.unmodifiableMap(result);
  }

  /** {@code slaveN:} lines of a primary, in server order. A line needs at least one pair. */
  public List<ReplicaInfo> replicas(Map<String, String> section) {
    List<ReplicaInfo> result = new ArrayList<>();
    section.forEach(
        (field, value) -> {
          int index = indexAfter(field, "slave");
          if (index == NOT_INDEXED) {
            return;
          }
          Map<String, String> pairs = KeyValueList.parse(value);
          if (index < 0 || pairs.isEmpty()) {
            unreadable++;
            return;
          }
          result.add(new ReplicaInfo(index, pairs));
        });
    return List.copyOf(result);
  }

  private interface LineReader {
    boolean read(String name, String value);
  }

  private void forPrefix(Map<String, String> section, String prefix, LineReader reader) {
    section.forEach(
        (field, value) -> {
          if (!field.startsWith(prefix)) {
            return;
          }
          String name = field.substring(prefix.length());
          if (name.isEmpty() || !reader.read(name, value)) {
            unreadable++;
          }
        });
  }

  private static final int NOT_INDEXED = Integer.MIN_VALUE;

  /**
   * For {@code field = prefix + digits}: the number, or {@code -1} if it does not fit an int. For
   * any other field: {@link #NOT_INDEXED}.
   */
  private static int indexAfter(String field, String prefix) {
    if (!field.startsWith(prefix) || field.length() == prefix.length()) {
      return NOT_INDEXED;
    }
    for (int i = prefix.length(); i < field.length(); i++) {
      char c = field.charAt(i);
      if (c < '0' || c > '9') {
        return NOT_INDEXED;
      }
    }
    OptionalLong n = Numbers.parseLong(field.substring(prefix.length()));
    return n.isPresent() && n.getAsLong() <= Integer.MAX_VALUE ? (int) n.getAsLong() : -1;
  }

  private static boolean isPercentileLabel(String label) {
    return label.length() > 1
        && label.charAt(0) == 'p'
        && Numbers.parseDouble(label.substring(1)).isPresent()
        && Character.isDigit(label.charAt(1));
  }
}
