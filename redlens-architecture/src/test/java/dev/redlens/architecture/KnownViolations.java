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
  static final Map<String, String> INTERNAL_IMPORTS = Map.of();

  /**
   * A package cycle as its packages ({@code a <-> b <-> c}, sorted, below {@code dev.redlens.}),
   * and why it is still there.
   */
  static final Map<String, String> CYCLES = Map.of();
}
