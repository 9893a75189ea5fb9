package dev.redlens.info;

import dev.redlens.info.internal.Numbers;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One section of {@code INFO} ({@code # Memory}, {@code # Keyspace}, a module's section, …) as raw
 * fields, with typed, locale-independent accessors. A field that is missing or not a number reads
 * as empty, never as zero.
 *
 * @param name the section name in lower case ({@code "memory"}); {@code ""} for fields before any
 *     header
 * @param fields every {@code field -> value} of the section, in server order, values as sent
 *     (trimmed)
 */
public record InfoSection(String name, Map<String, String> fields) {

  /** A section with no fields. */
  public static InfoSection empty(String name) {
    return new InfoSection(name, Map.of());
  }

  /** Copies {@code fields}; the section is immutable. */
  public InfoSection {
    Objects.requireNonNull(name, "name");
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /** The raw value of {@code field}, if present. */
  public Optional<String> get(String field) {
    return Optional.ofNullable(fields.get(field));
  }

  /** {@code field} as an integer, if present and an integer. */
  public OptionalLong longValue(String field) {
    return Numbers.parseLong(fields.get(field));
  }

  /** {@code field} as a decimal number, if present and a number. */
  public OptionalDouble doubleValue(String field) {
    return Numbers.parseDouble(fields.get(field));
  }

  /** Whether the section has no fields. */
  public boolean isEmpty() {
    return fields.isEmpty();
  }
}
