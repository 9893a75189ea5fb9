package dev.redlens.info;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The {@code # CPU} section: CPU seconds consumed since start.
 *
 * @param section the raw section, for fields without an accessor
 */
public record CpuInfo(InfoSection section) {
  private static final String PREFIX = "used_cpu_";

  /** {@code used_cpu_sys}. */
  public OptionalDouble usedCpuSys() {
    return section.doubleValue("used_cpu_sys");
  }

  /** {@code used_cpu_user}. */
  public OptionalDouble usedCpuUser() {
    return section.doubleValue("used_cpu_user");
  }

  /**
   * Every readable {@code used_cpu_*} field in seconds, keyed by state as the {@code redisreceiver}
   * names it: {@code sys}, {@code user}, {@code sys_children}, {@code user_children}, {@code
   * sys_main_thread}, {@code user_main_thread} (the last two since Redis 6.0).
   */
  public Map<String, Double> secondsByState() {
    Map<String, Double> byState = new LinkedHashMap<>();
    section
        .fields()
        .forEach(
            (field, value) -> {
              if (field.startsWith(PREFIX) && field.length() > PREFIX.length()) {
                OptionalDouble seconds = section.doubleValue(field);
                if (seconds.isPresent()) {
                  byState.put(field.substring(PREFIX.length()), seconds.getAsDouble());
                }
              }
            });
    return Collections.unmodifiableMap(byState);
  }
}
