package dev.redlens.architecture;

import java.util.Map;

/**
 * Violations that exist on main while the work that removes them is under way, each with the issue
 * that removes it. {@link ArchitectureTest} fails on any violation not listed here and on any entry
 * that no longer occurs: this list only shrinks. Whoever fixes one removes its entry.
 */
final class KnownViolations {

  private KnownViolations() {}

  /** {@code origin package -> internal package of another module:}, and why it is still there. */
  static final Map<String, String> INTERNAL_IMPORTS =
      Map.of(
          "dev.redlens.project.internal.lettuce -> dev.redlens.lettuce.internal:",
          "issue 10: the Lettuce side replaces these with an SPI of redlens-lettuce");

  /** A cycle as {@code Slice a -> Slice b -> Slice a}, and why it is still there. */
  static final Map<String, String> CYCLES =
      Map.of(
          "Slice project -> Slice project.internal.jedis -> Slice project",
          "issue 10: the Jedis side (RedisCommandRunner and ProjectKeyspace <-> internal runners)",
          "Slice project -> Slice project.internal.lettuce -> Slice project",
          "issue 10: the Lettuce side (RedisCommandRunner and ProjectKeyspace <-> internal runners)");
}
