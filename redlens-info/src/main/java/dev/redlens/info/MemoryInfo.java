package dev.redlens.info;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The {@code # Memory} section: used, RSS, peak, fragmentation, allocator statistics and eviction
 * policy.
 *
 * @param section the raw section, for fields without an accessor
 */
public record MemoryInfo(InfoSection section) {
  /**
   * Prefix of the allocator statistics ({@code allocator_allocated}, {@code allocator_frag_ratio},
   * …).
   */
  public static final String ALLOCATOR_PREFIX = "allocator_";

  /** {@code used_memory}: bytes allocated by Redis through its allocator. */
  public OptionalLong usedMemory() {
    return section.longValue("used_memory");
  }

  /** {@code used_memory_rss}: bytes resident as seen by the operating system. */
  public OptionalLong usedMemoryRss() {
    return section.longValue("used_memory_rss");
  }

  /** {@code used_memory_peak}. */
  public OptionalLong usedMemoryPeak() {
    return section.longValue("used_memory_peak");
  }

  /** {@code used_memory_lua}, or on servers that dropped it {@code used_memory_vm_eval}. */
  public OptionalLong usedMemoryLua() {
    OptionalLong lua = section.longValue("used_memory_lua");
    return lua.isPresent() ? lua : section.longValue("used_memory_vm_eval");
  }

  /** {@code used_memory_overhead}. */
  public OptionalLong usedMemoryOverhead() {
    return section.longValue("used_memory_overhead");
  }

  /** {@code used_memory_startup}. */
  public OptionalLong usedMemoryStartup() {
    return section.longValue("used_memory_startup");
  }

  /** {@code used_memory_dataset}. */
  public OptionalLong usedMemoryDataset() {
    return section.longValue("used_memory_dataset");
  }

  /** {@code maxmemory} ({@code 0}: no limit). */
  public OptionalLong maxMemory() {
    return section.longValue("maxmemory");
  }

  /** {@code maxmemory_policy}, e.g. {@code noeviction}, {@code allkeys-lru}. */
  public Optional<String> maxMemoryPolicy() {
    return section.get("maxmemory_policy");
  }

  /** {@code mem_fragmentation_ratio}. */
  public OptionalDouble fragmentationRatio() {
    return section.doubleValue("mem_fragmentation_ratio");
  }

  /** {@code mem_fragmentation_bytes}. */
  public OptionalLong fragmentationBytes() {
    return section.longValue("mem_fragmentation_bytes");
  }

  /** {@code mem_allocator}, e.g. {@code jemalloc-5.3.0} or {@code libc}. */
  public Optional<String> allocator() {
    return section.get("mem_allocator");
  }

  /**
   * Every {@code allocator_*} field, keyed by the name without the prefix ({@code allocated},
   * {@code active}, {@code resident}, {@code muzzy}, {@code frag_ratio}, {@code frag_bytes}, {@code
   * rss_ratio}, {@code rss_bytes}, and whatever a newer server adds). Raw values; parse with {@link
   * #allocatorLong} / {@link #allocatorDouble}.
   */
  public Map<String, String> allocatorStats() {
    Map<String, String> stats = new LinkedHashMap<>();
    section
        .fields()
        .forEach(
            (field, value) -> {
              if (field.startsWith(ALLOCATOR_PREFIX)
                  && field.length() > ALLOCATOR_PREFIX.length()) {
                stats.put(field.substring(ALLOCATOR_PREFIX.length()), value);
              }
            });
    return Collections.unmodifiableMap(stats);
  }

  /** The allocator statistic {@code allocator_<name>} as an integer. */
  public OptionalLong allocatorLong(String name) {
    return section.longValue(ALLOCATOR_PREFIX + name);
  }

  /** The allocator statistic {@code allocator_<name>} as a decimal number. */
  public OptionalDouble allocatorDouble(String name) {
    return section.doubleValue(ALLOCATOR_PREFIX + name);
  }
}
