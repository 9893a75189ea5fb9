package dev.redlens.info;

import java.util.OptionalLong;

/**
 * The {@code # Stats} section: totals since start (or since {@code CONFIG RESETSTAT}).
 *
 * @param section the raw section, for fields without an accessor
 */
public record StatsInfo(InfoSection section) {
  /** {@code total_connections_received}. */
  public OptionalLong totalConnectionsReceived() {
    return section.longValue("total_connections_received");
  }

  /** {@code total_commands_processed}. */
  public OptionalLong totalCommandsProcessed() {
    return section.longValue("total_commands_processed");
  }

  /** {@code instantaneous_ops_per_sec}. */
  public OptionalLong instantaneousOpsPerSec() {
    return section.longValue("instantaneous_ops_per_sec");
  }

  /** {@code total_net_input_bytes}. */
  public OptionalLong totalNetInputBytes() {
    return section.longValue("total_net_input_bytes");
  }

  /** {@code total_net_output_bytes}. */
  public OptionalLong totalNetOutputBytes() {
    return section.longValue("total_net_output_bytes");
  }

  /** {@code rejected_connections}. */
  public OptionalLong rejectedConnections() {
    return section.longValue("rejected_connections");
  }

  /** {@code expired_keys}. */
  public OptionalLong expiredKeys() {
    return section.longValue("expired_keys");
  }

  /** {@code evicted_keys}. */
  public OptionalLong evictedKeys() {
    return section.longValue("evicted_keys");
  }

  /** {@code keyspace_hits}. */
  public OptionalLong keyspaceHits() {
    return section.longValue("keyspace_hits");
  }

  /** {@code keyspace_misses}. */
  public OptionalLong keyspaceMisses() {
    return section.longValue("keyspace_misses");
  }

  /** {@code latest_fork_usec}. */
  public OptionalLong latestForkUsec() {
    return section.longValue("latest_fork_usec");
  }

  /** {@code total_error_replies} (Redis 6.2+). */
  public OptionalLong totalErrorReplies() {
    return section.longValue("total_error_replies");
  }

  /** {@code tracking_total_keys}. */
  public OptionalLong trackingTotalKeys() {
    return section.longValue("tracking_total_keys");
  }
}
