package dev.redlens.project.internal.cleanup;

import dev.redlens.project.internal.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The order in which the masters of a cluster are cleaned: those migrating a slot first, those only
 * importing one last ({@code CLUSTER NODES}; a master that cannot tell stays in the middle). A key
 * a migration moves while the masters are cleaned one after the other then goes from a master not
 * yet cleaned to one not yet cleaned, or is listed by its source before it moves, and is never
 * missed.
 */
final class MigrationOrder {

  private static final String CLUSTER = "CLUSTER";
  private static final String NODES = "NODES";

  /** The flag of the line of {@code CLUSTER NODES} that describes the node answering it. */
  private static final String MYSELF = "myself";

  /** A slot of a node's line being migrated away: {@code [slot->-target id]}. */
  private static final String MIGRATING = "->-";

  /** A slot of a node's line being imported: {@code [slot-<-source id]}. */
  private static final String IMPORTING = "-<-";

  private MigrationOrder() {}

  /** {@code masters}, those migrating a slot first and those importing one last. */
  static List<NodeRunner> sourcesFirst(Collection<? extends NodeRunner> masters) {
    List<NodeRunner> sources = new ArrayList<>();
    List<NodeRunner> others = new ArrayList<>();
    List<NodeRunner> targets = new ArrayList<>();
    for (NodeRunner master : masters) {
      String myself = myself(master);
      if (myself.contains(MIGRATING)) {
        sources.add(master);
      } else if (myself.contains(IMPORTING)) {
        targets.add(master);
      } else {
        others.add(master);
      }
    }
    sources.addAll(others);
    sources.addAll(targets);
    return sources;
  }

  /** The node's own line of {@code CLUSTER NODES}, or "" if it does not answer one. */
  private static String myself(NodeRunner master) {
    Object reply;
    try {
      reply = master.run(List.of(Bytes.utf8(CLUSTER), Bytes.utf8(NODES)));
    } catch (RuntimeException e) { // not a cluster node, or not allowed: clean it in the middle
      return "";
    }
    String nodes =
        reply instanceof byte[] bytes
            ? new String(bytes, StandardCharsets.UTF_8)
            : String.valueOf(reply);
    for (String line : nodes.split("\n")) {
      if (line.contains(MYSELF)) {
        return line;
      }
    }
    return "";
  }
}
