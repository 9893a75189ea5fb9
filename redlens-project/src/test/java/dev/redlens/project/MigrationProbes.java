package dev.redlens.project;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.redlens.testing.RedisServer;
import io.lettuce.core.cluster.SlotHash;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** What the cleanup-under-migration tests read off a node, and a runner they wrap. */
final class MigrationProbes {

  private static final String A = ProjectCleanupMigrationSuite.A;

  private MigrationProbes() {}

  /** {@code runner}, but refusing every {@code CLUSTER} command. */
  static RedisCommandRunner withoutCluster(RedisCommandRunner runner) {
    return new RedisCommandRunner() {
      @Override
      public Object run(List<byte[]> command) {
        if (new String(command.get(0), UTF_8).equalsIgnoreCase("CLUSTER")) {
          throw new IllegalStateException("NOPERM this user has no permissions to run CLUSTER");
        }
        return runner.run(command);
      }

      @Override
      public List<Object> runTogether(List<List<byte[]>> commands) {
        return runner.runTogether(commands);
      }
    };
  }

  /** The keys at even positions: some of a batch, not all. */
  static List<String> everyOther(List<String> keys) {
    List<String> chosen = new ArrayList<>();
    for (int i = 0; i < keys.size(); i += 2) {
      chosen.add(keys.get(i));
    }
    return chosen;
  }

  /** The node's keys matching {@code pattern} (KEYS lists keys of an importing slot as well). */
  static List<String> keys(RedisServer node, String pattern) {
    List<String> keys = new ArrayList<>();
    for (Object key : (List<?>) node.call("KEYS", pattern)) {
      keys.add((String) key);
    }
    keys.sort(null);
    return keys;
  }

  static long countKeysInSlot(RedisServer node, int slot) {
    return (Long) node.call("CLUSTER", "COUNTKEYSINSLOT", Integer.toString(slot));
  }

  static boolean isMigrating(RedisServer node, int slot, String to) {
    return myself(node).contains("[" + slot + "->-" + to + "]");
  }

  static boolean isImporting(RedisServer node, int slot, String from) {
    return myself(node).contains("[" + slot + "-<-" + from + "]");
  }

  private static String myself(RedisServer node) {
    for (String line : node.execute("CLUSTER", "NODES").split("\n")) {
      if (line.contains("myself")) {
        return line;
      }
    }
    throw new IllegalStateException("no myself line on " + node);
  }

  /** A project id (not A) whose keys hash to {@code slot}. */
  static String projectInSlot(int slot) {
    for (long i = 0; ; i++) {
      String id = String.format("00000000-0000-4000-8000-%012x", i);
      if (!id.equals(A) && SlotHash.getSlot(id) == slot) {
        return id;
      }
    }
  }

  /**
   * The names of the node's keys but A's (names only: a command on a key of an importing slot would
   * be answered MOVED).
   */
  static TreeSet<String> keysOfOthers(RedisServer node) {
    TreeSet<String> keys = new TreeSet<>();
    for (String key : keys(node, "*")) {
      if (!key.startsWith("project:{" + A + "}:")) {
        keys.add(key);
      }
    }
    return keys;
  }

  /** The runners of {@code masters} by the id of their node ({@code CLUSTER MYID}). */
  static Map<String, RedisCommandRunner> byNodeId(List<RedisCommandRunner> masters) {
    Map<String, RedisCommandRunner> byId = new java.util.LinkedHashMap<>();
    for (RedisCommandRunner master : masters) {
      Object id = master.run(List.of("CLUSTER".getBytes(UTF_8), "MYID".getBytes(UTF_8)));
      byId.put(new String((byte[]) id, UTF_8), master);
    }
    assertThat(byId).hasSize(3);
    return byId;
  }
}
