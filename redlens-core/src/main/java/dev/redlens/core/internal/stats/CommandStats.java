package dev.redlens.core.internal.stats;

import dev.redlens.core.catalog.CommandCategory;
import java.util.concurrent.atomic.LongAdder;

/** Counters and latency distribution of one command name. Recording is wait-free. */
public final class CommandStats {

  final String name;
  volatile CommandCategory category;
  final LatencyHistogram latency = new LatencyHistogram();
  final LongAdder errors = new LongAdder();
  final LongAdder slow = new LongAdder();

  CommandStats(String name, CommandCategory category) {
    this.name = name;
    this.category = category;
  }

  public String name() {
    return name;
  }

  public CommandCategory category() {
    return category;
  }
}
