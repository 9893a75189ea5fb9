package dev.redlens.info;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one node: {@code INFO everything}, falling back to {@code INFO} plus the sections it leaves
 * out when the server refuses {@code everything}, and to every section one by one when plain {@code
 * INFO} is refused too (an ACL user allowed only some sections); then {@code CLUSTER INFO} on a
 * cluster node. Only a node that refuses every section (or a connection problem) fails the read;
 * what had to be worked around is reported as a warning.
 */
final class InfoFetcher {
  /** Sections that plain {@code INFO} leaves out. */
  private static final List<String> EXTRA_SECTIONS =
      List.of("commandstats", "errorstats", "latencystats");

  /** Every section, asked one by one when even plain {@code INFO} is refused. */
  private static final List<String> ALL_SECTIONS =
      List.of(
          "server",
          "clients",
          "memory",
          "persistence",
          "stats",
          "replication",
          "cpu",
          "modules",
          "keyspace",
          "cluster",
          "commandstats",
          "errorstats",
          "latencystats");

  private InfoFetcher() {}

  /**
   * The result of one read.
   *
   * @param snapshot the parsed {@code INFO}
   * @param clusterInfo the parsed {@code CLUSTER INFO} of a cluster node, else {@code null}
   * @param warning what was worked around, else {@code null}
   */
  public record Result(InfoSnapshot snapshot, ClusterInfo clusterInfo, String warning) {}

  /**
   * Reads the node behind {@code commands}; throws what Lettuce throws when even plain {@code INFO}
   * fails.
   */
  public static Result fetch(RedisCommands<String, String> commands) {
    List<String> warnings = new ArrayList<>();
    InfoSnapshot snapshot;
    try {
      snapshot = InfoSnapshot.parse(commands.info("everything"));
    } catch (RedisCommandExecutionException refused) {
      snapshot = fetchSectionBySection(commands, refused, warnings);
    }
    ClusterInfo clusterInfo = null;
    if (snapshot.clusterEnabled()) {
      try {
        clusterInfo = ClusterInfo.parse(commands.clusterInfo());
      } catch (RedisCommandExecutionException refused) {
        warnings.add("CLUSTER INFO refused (" + refused.getMessage() + ")");
      }
    }
    if (snapshot.skippedLines() > 0) {
      warnings.add(snapshot.skippedLines() + " unreadable INFO line(s) skipped");
    }
    return new Result(
        snapshot, clusterInfo, warnings.isEmpty() ? null : String.join("; ", warnings));
  }

  private static InfoSnapshot fetchSectionBySection(
      RedisCommands<String, String> commands,
      RedisCommandExecutionException refused,
      List<String> warnings) {
    StringBuilder text = new StringBuilder();
    List<String> used = new ArrayList<>();
    List<String> sections = EXTRA_SECTIONS;
    try {
      text.append(commands.info()).append("\r\n");
      used.add("INFO");
    } catch (RedisCommandExecutionException plainRefused) {
      // e.g. an ACL user allowed only some sections (+info|memory +info|stats …): ask for each one
      sections = ALL_SECTIONS;
    }
    List<String> refusedSections = new ArrayList<>();
    for (String section : sections) {
      try {
        text.append(commands.info(section)).append("\r\n");
        used.add("INFO " + section);
      } catch (RedisCommandExecutionException sectionRefused) {
        refusedSections.add(section);
      }
    }
    if (used.isEmpty()) {
      throw refused; // nothing readable: the node's INFO is refused
    }
    warnings.add(
        "INFO everything refused (" + refused.getMessage() + "); used " + String.join(", ", used));
    if (!refusedSections.isEmpty()) {
      warnings.add("refused: INFO " + String.join(", ", refusedSections));
    }
    return InfoSnapshot.parse(text.toString());
  }
}
