package dev.redlens.testing.internal;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;

/**
 * One line of a {@code CLUSTER NODES} reply: a node as another node (or itself) sees it. Only
 * stable slot assignments are kept; the {@code [slot->-id]} migration markers a node shows for
 * itself are left out, because only that node shows them.
 *
 * @param id the node id
 * @param host the announced address ({@code ""} while unknown)
 * @param port the client port (0 while unknown)
 * @param flags {@code myself}, {@code master}, {@code slave}, {@code fail?}, {@code fail}, …
 * @param masterId the master's id for a replica, else null
 * @param slots the slots the node serves
 */
public record ClusterNode(
    String id, String host, int port, Set<String> flags, String masterId, BitSet slots) {

  public static final int SLOTS = 16384;

  /** Parses a whole {@code CLUSTER NODES} reply (one node per line). */
  public static List<ClusterNode> parseAll(String reply) {
    List<ClusterNode> nodes = new ArrayList<>();
    for (String line : reply.split("\n")) {
      if (!line.isBlank()) {
        nodes.add(parse(line.trim()));
      }
    }
    return nodes;
  }

  /**
   * {@code <id> <ip:port@cport[,hostname]> <flags> <master> <ping> <pong> <epoch> <link> <slot>…}
   */
  static ClusterNode parse(String line) {
    String[] fields = line.split(" ");
    String address = fields[1];
    int comma = address.indexOf(',');
    if (comma >= 0) {
      address = address.substring(0, comma); // ",hostname" (Redis 7)
    }
    int at = address.indexOf('@');
    if (at >= 0) {
      address = address.substring(0, at); // "@cport"
    }
    int colon = address.lastIndexOf(':');
    String host = address.substring(0, colon);
    int port = Integer.parseInt(address.substring(colon + 1));
    BitSet slots = new BitSet(SLOTS);
    for (int i = 8; i < fields.length; i++) {
      String range = fields[i];
      if (range.startsWith("[")) {
        continue; // a migration in progress, shown by the node concerned only
      }
      int dash = range.indexOf('-');
      if (dash < 0) {
        slots.set(Integer.parseInt(range));
      } else {
        slots.set(
            Integer.parseInt(range.substring(0, dash)),
            Integer.parseInt(range.substring(dash + 1)) + 1);
      }
    }
    String master = fields[3].equals("-") ? null : fields[3];
    return new ClusterNode(fields[0], host, port, Set.of(fields[2].split(",")), master, slots);
  }

  public boolean isMaster() {
    return flags.contains("master");
  }

  public boolean isReplica() {
    return flags.contains("slave");
  }

  /** Whether the node is flagged failing ({@code fail}) or possibly failing ({@code fail?}). */
  public boolean isFailing() {
    return flags.contains("fail") || flags.contains("fail?");
  }

  /**
   * What every healthy node must agree on about this node: its id, role, master and slots (flags
   * that differ between observers, such as {@code myself} or link states, are left out).
   */
  public String agreedView() {
    return id + " " + (isMaster() ? "master" : "replica-of-" + masterId) + " " + slots;
  }
}
