package dev.redlens.info.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Splits {@code INFO} text into sections of raw {@code name -> value} fields.
 *
 * <p>Rules: lines end with {@code \n}, {@code \r\n} or {@code \r}; surrounding whitespace is
 * ignored; blank lines are ignored; {@code # Name} starts (or re-opens) the section {@code name}
 * (lower case, any case accepted); a field line is split on its <em>first</em> colon, so values may
 * contain colons; fields before any header go to the unnamed section {@code ""}. A line with no
 * colon, an empty field name, or a header without a name is skipped and counted. Never throws.
 */
public final class InfoTextParser {
  /**
   * The section that holds fields seen before any {@code # Section} header (e.g. {@code CLUSTER
   * INFO}).
   */
  public static final String UNNAMED_SECTION = "";

  private InfoTextParser() {}

  /** The raw result: sections in order of first appearance, and the number of skipped lines. */
  public record RawInfo(Map<String, Map<String, String>> sections, int skippedLines) {}

  /** Parses {@code text}; {@code null} is treated as empty. */
  public static RawInfo parse(String text) {
    Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    if (text == null || text.isEmpty()) {
      return new RawInfo(sections, 0);
    }
    int skipped = 0;
    String current = UNNAMED_SECTION;
    int n = text.length();
    int start = 0;
    while (start < n) {
      int end = start;
      while (end < n && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
        end++;
      }
      String line = text.substring(start, end).strip();
      start = end + 1;
      if (end < n && text.charAt(end) == '\r' && start < n && text.charAt(start) == '\n') {
        start++;
      }
      if (line.isEmpty()) {
        continue;
      }
      if (line.charAt(0) == '#') {
        String name = line.substring(1).strip().toLowerCase(Locale.ROOT);
        if (name.isEmpty()) {
          skipped++;
        } else {
          current = name;
          sections.computeIfAbsent(current, k -> new LinkedHashMap<>());
        }
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        skipped++;
        continue;
      }
      String field = line.substring(0, colon).strip();
      if (field.isEmpty()) {
        skipped++;
        continue;
      }
      sections
          .computeIfAbsent(current, k -> new LinkedHashMap<>())
          .put(field, line.substring(colon + 1).strip());
    }
    return new RawInfo(sections, skipped);
  }
}
