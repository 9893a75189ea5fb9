package dev.redlens.info;

import dev.redlens.info.internal.Numbers;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One {@code slaveN:ip=…,port=…,state=…,offset=…,lag=…} line of a primary's {@code # Replication}
 * section. Pairs are read by name, so extra or reordered pairs are fine; {@code ip} may be an IPv6
 * address.
 *
 * @param index {@code N} of {@code slaveN}
 * @param fields every {@code name=value} pair of the line
 */
public record ReplicaInfo(int index, Map<String, String> fields) {
  /** Copies {@code fields}. */
  public ReplicaInfo {
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /** {@code ip}. */
  public Optional<String> ip() {
    return Optional.ofNullable(fields.get("ip"));
  }

  /** {@code port}. */
  public OptionalLong port() {
    return Numbers.parseLong(fields.get("port"));
  }

  /** {@code state}: {@code online}, {@code wait_bgsave}, {@code send_bulk}, … */
  public Optional<String> state() {
    return Optional.ofNullable(fields.get("state"));
  }

  /** {@code offset}: the replication offset acknowledged by the replica. */
  public OptionalLong offset() {
    return Numbers.parseLong(fields.get("offset"));
  }

  /** {@code lag}: seconds since the last acknowledgement. */
  public OptionalLong lagSeconds() {
    return Numbers.parseLong(fields.get("lag"));
  }
}
