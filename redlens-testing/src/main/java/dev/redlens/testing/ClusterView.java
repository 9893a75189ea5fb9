package dev.redlens.testing;

import dev.redlens.testing.internal.ClusterNode;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** What the nodes of a {@link RedisCluster} say about it, and whether they agree. */
final class ClusterView {
  private ClusterView() {}

  /** {@code CLUSTER NODES} of {@code node}, parsed. */
  static List<ClusterNode> of(RedisServer node) {
    return ClusterNode.parseAll(node.execute("CLUSTER", "NODES"));
  }

  /** The line {@code node} shows for itself. */
  static ClusterNode self(RedisServer node) {
    return of(node).stream().filter(n -> n.flags().contains("myself")).findFirst().orElseThrow();
  }

  /** Ids of the nodes {@code node} knows, handshakes aside. */
  static Set<String> knownIds(RedisServer node) {
    return of(node).stream()
        .filter(n -> !n.flags().contains("handshake"))
        .map(ClusterNode::id)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * Whether every running node reports {@code cluster_state:ok}, they all show the same roles,
   * masters and slots, that map names exactly the running nodes ({@code ids}) and covers every
   * slot, and every replica's link is up.
   */
  static boolean isHealthy(List<RedisServer> running, Map<RedisServer, String> ids) {
    Set<String> runningIds = running.stream().map(ids::get).collect(Collectors.toSet());
    String agreed = null;
    for (RedisServer node : running) {
      if (!node.execute("CLUSTER", "INFO").contains("cluster_state:ok")) {
        return false;
      }
      List<ClusterNode> view =
          of(node).stream().filter(n -> !n.isFailing() && !n.flags().contains("noaddr")).toList();
      Set<String> seen = view.stream().map(ClusterNode::id).collect(Collectors.toSet());
      BitSet covered = new BitSet();
      view.forEach(n -> covered.or(n.slots()));
      if (!seen.equals(runningIds) || covered.cardinality() != ClusterNode.SLOTS) {
        return false;
      }
      String signature =
          view.stream().map(ClusterNode::agreedView).sorted().collect(Collectors.joining("\n"));
      if (agreed != null && !agreed.equals(signature)) {
        return false;
      }
      agreed = signature;
      ClusterNode self = view.stream().filter(n -> n.flags().contains("myself")).findFirst().get();
      if (self.isReplica() && !node.info("replication").contains("master_link_status:up")) {
        return false;
      }
    }
    return agreed != null;
  }

  /** Every node's {@code CLUSTER NODES}, for a failure message. */
  static String describe(List<RedisServer> nodes) {
    StringBuilder text = new StringBuilder();
    for (RedisServer node : nodes) {
      text.append("-- ").append(node).append(node.isRunning() ? "" : " (killed)").append('\n');
      if (node.isRunning()) {
        try {
          text.append(node.execute("CLUSTER", "NODES")).append('\n');
        } catch (RuntimeException e) {
          text.append(e).append('\n');
        }
      }
    }
    return text.toString();
  }
}
