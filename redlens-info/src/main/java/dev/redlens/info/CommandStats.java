package dev.redlens.info;

import dev.redlens.info.internal.Numbers;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One {@code cmdstat_<command>:calls=…,usec=…,usec_per_call=…,rejected_calls=…,failed_calls=…}
 * line. Pairs are read by name, not position, so servers that add, drop or reorder pairs are read
 * correctly.
 *
 * @param command the command in lower case as the server names it; subcommands as {@code
 *     client|list}
 * @param fields every {@code name=value} pair of the line
 */
public record CommandStats(String command, Map<String, String> fields) {
  /** Copies {@code fields}. */
  public CommandStats {
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /** {@code calls}. */
  public OptionalLong calls() {
    return Numbers.parseLong(fields.get("calls"));
  }

  /** {@code usec}: total microseconds spent in the command. */
  public OptionalLong usec() {
    return Numbers.parseLong(fields.get("usec"));
  }

  /** {@code usec_per_call}. */
  public OptionalDouble usecPerCall() {
    return Numbers.parseDouble(fields.get("usec_per_call"));
  }

  /** {@code rejected_calls} (Redis 6.2+): refused before running (ACL, OOM, arity, …). */
  public OptionalLong rejectedCalls() {
    return Numbers.parseLong(fields.get("rejected_calls"));
  }

  /** {@code failed_calls} (Redis 6.2+): ran and replied with an error. */
  public OptionalLong failedCalls() {
    return Numbers.parseLong(fields.get("failed_calls"));
  }
}
