package dev.redlens.info;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@code # Replication} section, with the {@code slaveN:} lines of a primary parsed into {@link
 * ReplicaInfo}.
 *
 * @param section the raw section, for fields without an accessor
 * @param replicas the readable {@code slaveN:} lines, in server order
 */
public record ReplicationInfo(InfoSection section, List<ReplicaInfo> replicas) {
  /** Copies {@code replicas}. */
  public ReplicationInfo {
    replicas = List.copyOf(replicas);
  }

  /** {@code role} as sent: {@code master} or {@code slave}. */
  public Optional<String> role() {
    return section.get("role");
  }

  /** Whether the node is a replica ({@code role:slave}); empty if the role is unknown. */
  public Optional<Boolean> isReplica() {
    return role().map(r -> r.equals("slave") || r.equals("replica"));
  }

  /** {@code connected_slaves}. */
  public OptionalLong connectedReplicas() {
    return section.longValue("connected_slaves");
  }

  /** {@code master_host} of a replica (a host name, IPv4 or IPv6 address). */
  public Optional<String> masterHost() {
    return section.get("master_host");
  }

  /** {@code master_port} of a replica. */
  public OptionalLong masterPort() {
    return section.longValue("master_port");
  }

  /** {@code master_link_status} of a replica: {@code up} or {@code down}. */
  public Optional<String> masterLinkStatus() {
    return section.get("master_link_status");
  }

  /** {@code master_repl_offset}. */
  public OptionalLong masterReplOffset() {
    return section.longValue("master_repl_offset");
  }

  /** {@code slave_repl_offset} of a replica. */
  public OptionalLong replicaReplOffset() {
    return section.longValue("slave_repl_offset");
  }

  /** {@code repl_backlog_first_byte_offset}. */
  public OptionalLong replBacklogFirstByteOffset() {
    return section.longValue("repl_backlog_first_byte_offset");
  }
}
