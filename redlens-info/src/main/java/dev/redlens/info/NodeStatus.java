package dev.redlens.info;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What {@link ServerMetrics} knows about one node after its last poll, for status endpoints.
 * Immutable.
 *
 * @param uri the node's URI without credentials ({@code redis://user@host:port/db})
 * @param address {@code server.address} of the node's points
 * @param port {@code server.port} of the node's points ({@code -1} for a Unix socket)
 * @param lastSnapshot the last {@code INFO} read successfully, or {@code null} if none yet; kept
 *     while the node is down, but then no longer exported
 * @param lastClusterInfo the last {@code CLUSTER INFO} of a cluster node, or {@code null}
 * @param lastPollTime when the last poll ended, or {@code null} before the first
 * @param lastSuccessTime when the last successful poll ended, or {@code null}
 * @param lastPollDuration how long the last poll took, or {@code null} before the first
 * @param lastError {@code "<error.type>: <message>"} of the last poll if it failed, else {@code
 *     null}
 * @param lastWarning what the last successful poll had to work around (a refused {@code INFO
 *     everything}, a refused {@code CLUSTER INFO}), else {@code null}
 * @param consecutiveFailures failed polls since the last success
 * @param pollFailures failed polls since start
 */
public record NodeStatus(
    String uri,
    String address,
    int port,
    InfoSnapshot lastSnapshot,
    ClusterInfo lastClusterInfo,
    Instant lastPollTime,
    Instant lastSuccessTime,
    Duration lastPollDuration,
    String lastError,
    String lastWarning,
    long consecutiveFailures,
    long pollFailures) {

  /** Whether the last poll succeeded: only then are the node's server metrics exported. */
  public boolean isUp() {
    return lastSuccessTime != null && consecutiveFailures == 0 && lastSnapshot != null;
  }

  /** {@link #lastSnapshot()} as an optional. */
  public Optional<InfoSnapshot> snapshot() {
    return Optional.ofNullable(lastSnapshot);
  }

  /** {@link #lastError()} as an optional. */
  public Optional<String> error() {
    return Optional.ofNullable(lastError);
  }
}
