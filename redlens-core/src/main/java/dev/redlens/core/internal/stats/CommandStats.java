package dev.redlens.core.internal.stats;

import dev.redlens.core.catalog.CommandCategory;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters and latency distribution of one command name, either in the statistics of all commands
 * or in those of one project. A project's entry also points at the all-commands entry of its name,
 * so that recording it once updates both (totals stay exact whatever the number of projects).
 * Recording is wait-free.
 */
public final class CommandStats {

  final String name;
  volatile CommandCategory category;
  final LatencyHistogram latency;
  final LongAdder errors = new LongAdder();
  final LongAdder slow = new LongAdder();

  /**
   * For a project's entry: the all-commands entry of the same name; null for an all-commands entry.
   */
  final CommandStats global;

  /** For a project's entry: the project's statistics; null for an all-commands entry. */
  final LocalStatistics project;

  CommandStats(String name, CommandCategory category) {
    this(name, category, false, null, null);
  }

  CommandStats(
      String name,
      CommandCategory category,
      boolean packed,
      CommandStats global,
      LocalStatistics project) {
    this.name = name;
    this.category = category;
    this.latency = new LatencyHistogram(packed);
    this.global = global;
    this.project = project;
  }

  public String name() {
    return name;
  }

  public CommandCategory category() {
    return category;
  }
}
