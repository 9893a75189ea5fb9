package dev.redlens.info;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One {@code latency_percentiles_usec_<command>:p50=…,p99=…,p99.9=…} line (Redis 7.0+). Every
 * percentile the server reports is kept ({@code latency-tracking-info-percentiles} is
 * configurable), not only the defaults.
 *
 * @param command the command as the server names it; subcommands as {@code client|list}
 * @param percentiles percentile label ({@code p50}, {@code p99.9}, …) to latency in microseconds,
 *     in server order
 */
public record LatencyPercentiles(String command, Map<String, Double> percentiles) {
  /** Copies {@code percentiles}. */
  public LatencyPercentiles {
    percentiles = Collections.unmodifiableMap(new LinkedHashMap<>(percentiles));
  }

  /** The latency in microseconds at {@code label} ({@code "p99"}), if reported. */
  public OptionalDouble usec(String label) {
    Double value = percentiles.get(label);
    return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
  }
}
