package dev.redlens.info.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses the composite values of {@code INFO}: {@code calls=1,usec=2,usec_per_call=2.00} and the
 * like. Pairs are split on commas, each pair on its first {@code '='}; pairs without one, or with
 * an empty name, are ignored. Values may contain {@code '='}-free colons (IPv6 addresses: {@code
 * ip=::1}).
 */
public final class KeyValueList {
  private KeyValueList() {}

  /**
   * Returns the pairs in order of appearance (the last one wins on a repeated name); empty if none.
   */
  public static Map<String, String> parse(String value) {
    if (value == null || value.isEmpty()) {
      return Map.of();
    }
    Map<String, String> pairs = new LinkedHashMap<>();
    int start = 0;
    int n = value.length();
    while (start <= n) {
      int comma = value.indexOf(',', start);
      int end = comma < 0 ? n : comma;
      int eq = start;
      while (eq < end && value.charAt(eq) != '=') {
        eq++;
      }
      if (eq > start && eq < end) {
        String name = value.substring(start, eq).trim();
        if (!name.isEmpty()) {
          pairs.put(name, value.substring(eq + 1, end).trim());
        }
      }
      if (comma < 0) {
        break;
      }
      start = comma + 1;
    }
    return pairs.isEmpty() ? Map.of() : Collections.unmodifiableMap(pairs);
  }
}
