package dev.redlens.info;

import dev.redlens.info.internal.Numbers;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One {@code dbN:keys=…,expires=…,avg_ttl=…} line of {@code # Keyspace}. Pairs are read by name:
 * fields added by newer servers ({@code subexpiry} in 7.4, {@code cached_keys}, …) are kept and
 * never break the line.
 *
 * @param db the database index {@code N}
 * @param fields every {@code name=value} pair of the line
 */
public record KeyspaceInfo(int db, Map<String, String> fields) {
  /** Copies {@code fields}. */
  public KeyspaceInfo {
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /** {@code keys}. */
  public OptionalLong keys() {
    return Numbers.parseLong(fields.get("keys"));
  }

  /** {@code expires}: keys with a time to live. */
  public OptionalLong expires() {
    return Numbers.parseLong(fields.get("expires"));
  }

  /** {@code avg_ttl} in milliseconds (an estimate; {@code 0} when no key expires). */
  public OptionalLong avgTtlMillis() {
    return Numbers.parseLong(fields.get("avg_ttl"));
  }

  /** {@code subexpiry} (Redis 7.4+): keys with hash fields that expire. */
  public OptionalLong subexpiry() {
    return Numbers.parseLong(fields.get("subexpiry"));
  }
}
