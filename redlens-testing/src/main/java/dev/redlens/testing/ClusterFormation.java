package dev.redlens.testing;

import dev.redlens.testing.internal.Await;
import dev.redlens.testing.internal.ClusterNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Makes a cluster of fresh nodes with the commands {@code redis-cli --cluster create} would send,
 * sent directly (the embedded Redis 6.2 has no {@code redis-cli}).
 */
final class ClusterFormation {
  private ClusterFormation() {}

  /**
   * Splits the slots evenly over the first {@code masters} of {@code nodes}, introduces every node
   * to the first, and makes the others replicas of the masters in turn. Returns once the replicas
   * are told whom to follow; the caller waits for the cluster to be healthy.
   */
  static void form(
      List<RedisServer> nodes,
      Map<RedisServer, String> ids,
      int masters,
      Supplier<String> describe) {
    for (int m = 0; m < masters; m++) {
      RedisServer master = nodes.get(m);
      // distinct epochs up front, as redis-cli does, so no epoch collision has to be resolved
      master.call("CLUSTER", "SET-CONFIG-EPOCH", Integer.toString(m + 1));
      int from = m * ClusterNode.SLOTS / masters;
      int to = (m + 1) * ClusterNode.SLOTS / masters;
      List<String> command = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
      IntStream.range(from, to).mapToObj(Integer::toString).forEach(command::add);
      master.call(command.toArray(String[]::new));
    }
    RedisServer first = nodes.get(0);
    for (RedisServer node : nodes.subList(1, nodes.size())) {
      first.call("CLUSTER", "MEET", node.host(), Integer.toString(node.port()));
    }
    Set<String> all = new TreeSet<>(ids.values());
    Await.until(
        RedisCluster.TIMEOUT,
        "all met",
        () -> nodes.stream().allMatch(n -> ClusterView.knownIds(n).equals(all)),
        describe);
    for (int r = masters; r < nodes.size(); r++) {
      RedisServer master = nodes.get((r - masters) % masters);
      nodes.get(r).call("CLUSTER", "REPLICATE", ids.get(master));
    }
  }
}
