package dev.redlens.benchmarks;

import java.util.List;
import java.util.Locale;

/** The report's table of instructions per pipelined command ({@link InstructionCounts}). */
final class InstructionTable {

  private InstructionTable() {}

  /** Appends the table, with what each variant adds to its plain client. */
  static void append(StringBuilder md, List<InstructionCounts.Count> counts) {
    md.append("\n## Instructions per pipelined command (valgrind's callgrind)\n\n");
    if (counts.isEmpty()) {
      md.append("Not counted: `valgrind` and `callgrind_control` are not installed here.\n");
      return;
    }
    md.append(
        "The application's threads (the caller, the event loop, the SDK's), over 30,000 pipelined SET/GET after a warm-up of 150,000 and a full collection (`InstructionCounts`); not the JIT compiler's (a count during which it compiled again is retried) nor the garbage collector's (a collection falls in the counted commands or not by chance: what a variant costs the collector is its bytes per command, in the JMH table above). A count, not a time: the machine's load moves it only through how often a thread blocks (a read that finds no reply yet, a park): two runs of one variant under the same load differ by about 1%, under different loads by up to a few percent (plain Jedis counted 1,884 and 2,028), so compare variants counted in one run.\n\n");
    md.append("| variant | instructions per command | added | ratio |\n|---|---|---|---|\n");
    for (InstructionCounts.Count count : counts) {
      InstructionCounts.Count base =
          counts.stream()
              .filter(c -> c.variant().equals(count.baseline()))
              .findFirst()
              .orElse(null);
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %,.0f | %s | %s |%n",
              count.variant(),
              count.perCommand(),
              base == null
                  ? "—"
                  : String.format(Locale.ROOT, "%+,.0f", count.perCommand() - base.perCommand()),
              base == null ? "—" : BenchmarkReport.ratio(count.perCommand(), base.perCommand())));
    }
  }
}
