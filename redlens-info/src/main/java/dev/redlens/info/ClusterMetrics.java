package dev.redlens.info;

import static dev.redlens.info.ServerMetricNames.*;
import static dev.redlens.info.internal.InstrumentKind.COUNTER;
import static dev.redlens.info.internal.InstrumentKind.GAUGE;

import dev.redlens.info.ScalarMetrics.LongMetric;
import java.util.List;
import java.util.OptionalLong;

/**
 * The one-number-per-node metrics of a node's place in a topology: its {@code CLUSTER INFO} (state
 * aside, which has an attribute) and, on a replica, its link to the primary as the replica sees it.
 * Declared like {@link ScalarMetrics}, of which they are part.
 */
final class ClusterMetrics {
  private ClusterMetrics() {}

  static final List<LongMetric> LONGS =
      List.of(
          LongMetric.info(
              CLUSTER_ENABLED,
              GAUGE,
              UNIT_ONE,
              "Whether cluster mode is enabled (1) or not (0)",
              s -> s.longValue(InfoSnapshot.CLUSTER, "cluster_enabled")),
          LongMetric.cluster(
              CLUSTER_SLOTS_ASSIGNED,
              GAUGE,
              "{slot}",
              "Number of slots which are associated to some node",
              ClusterInfo::slotsAssigned),
          LongMetric.cluster(
              CLUSTER_SLOTS_OK,
              GAUGE,
              "{slot}",
              "Number of slots mapping to a node not in FAIL or PFAIL state",
              ClusterInfo::slotsOk),
          LongMetric.cluster(
              CLUSTER_SLOTS_PFAIL,
              GAUGE,
              "{slot}",
              "Number of slots mapping to a node in PFAIL state",
              ClusterInfo::slotsPfail),
          LongMetric.cluster(
              CLUSTER_SLOTS_FAIL,
              GAUGE,
              "{slot}",
              "Number of slots mapping to a node in FAIL state",
              ClusterInfo::slotsFail),
          LongMetric.cluster(
              CLUSTER_KNOWN_NODES,
              GAUGE,
              "{node}",
              "Number of nodes known to the cluster node",
              ClusterInfo::knownNodes),
          LongMetric.cluster(
              CLUSTER_NODE_COUNT,
              GAUGE,
              "{node}",
              "Number of primaries serving at least one slot",
              ClusterInfo::size),
          LongMetric.cluster(
              CLUSTER_STATS_MESSAGES_SENT,
              COUNTER,
              "{message}",
              "Cluster bus messages sent",
              ClusterInfo::messagesSent),
          LongMetric.cluster(
              CLUSTER_STATS_MESSAGES_RECEIVED,
              COUNTER,
              "{message}",
              "Cluster bus messages received",
              ClusterInfo::messagesReceived),
          LongMetric.cluster(
              CLUSTER_LINKS_BUFFER_LIMIT_EXCEEDED,
              COUNTER,
              "{count}",
              "Cluster links freed because they exceeded the send buffer limit",
              ClusterInfo::linksBufferLimitExceeded),
          LongMetric.cluster(
              CLUSTER_CURRENT_EPOCH,
              GAUGE,
              "{epoch}",
              "The cluster's current epoch",
              ClusterInfo::currentEpoch),
          LongMetric.cluster(
              CLUSTER_MY_EPOCH,
              GAUGE,
              "{epoch}",
              "The config epoch of this node",
              ClusterInfo::myEpoch),
          LongMetric.info(
              REPLICATION_MASTER_LAST_IO,
              GAUGE,
              UNIT_SECONDS,
              "Seconds since a replica last heard from its primary (master_last_io_seconds_ago)",
              s ->
                  nonNegative(s.longValue(InfoSnapshot.REPLICATION, "master_last_io_seconds_ago"))),
          LongMetric.info(
              REPLICATION_MASTER_LINK_DOWN_SINCE,
              GAUGE,
              UNIT_SECONDS,
              "Seconds a replica's link to its primary has been down (absent while up)",
              s -> s.longValue(InfoSnapshot.REPLICATION, "master_link_down_since_seconds")));

  /** Redis reports {@code -1} for "not connected": that is no value, not a time. */
  private static OptionalLong nonNegative(OptionalLong value) {
    return value.isPresent() && value.getAsLong() >= 0 ? value : OptionalLong.empty();
  }
}
