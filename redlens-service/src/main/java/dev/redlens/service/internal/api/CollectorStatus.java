package dev.redlens.service.internal.api;

import dev.redlens.info.NodeStatus;
import dev.redlens.service.internal.runtime.ServiceParts;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The server-metrics collector's state, as the status, memory and health endpoints show it. A
 * collector whose last successful poll is older than twice its interval is {@code stale}: its
 * gauges are no longer evidence of the server's state. With several nodes (a cluster, a Sentinel
 * master and its replicas), the figures are those of the node in the worst state ({@code
 * node_count} says how many are polled).
 */
record CollectorStatus(
    String state,
    String error,
    Double intervalS,
    String node,
    String lastPoll,
    String lastSuccess,
    Double lastSuccessAgeS,
    Double lastPollMs,
    String lastError,
    String lastWarning,
    Long pollFailures,
    Integer nodeCount) {

  static CollectorStatus of(ServiceParts parts) {
    if (parts.serverMetrics() == null) {
      return new CollectorStatus(
          "not running",
          parts.collectorError(),
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null);
    }
    Duration interval = parts.config().collectionInterval;
    double intervalS = interval.toMillis() / 1000.0;
    List<NodeStatus> nodes = parts.serverMetrics().nodes();
    if (nodes.isEmpty()) {
      return new CollectorStatus(
          "no nodes", null, intervalS, null, null, null, null, null, null, null, null, 0);
    }
    NodeStatus node = worst(nodes);
    Instant success = node.lastSuccessTime();
    Double age =
        success == null ? null : Duration.between(success, Instant.now()).toMillis() / 1000.0;
    String state;
    if (node.lastPollTime() == null) {
      state = "starting";
    } else if (!node.isUp()) {
      state = "failing";
    } else {
      state = age != null && age > 2 * intervalS + 1 ? "stale" : "up";
    }
    return new CollectorStatus(
        state,
        null,
        intervalS,
        node.uri(),
        str(node.lastPollTime()),
        str(success),
        age,
        node.lastPollDuration() == null ? null : Figures.millis(node.lastPollDuration().toNanos()),
        node.lastError(),
        node.lastWarning(),
        node.pollFailures(),
        nodes.size());
  }

  /**
   * The node whose state speaks for all (the only one on a single server): one not polled yet, else
   * one whose last poll failed, else the one with the oldest successful poll.
   */
  private static NodeStatus worst(List<NodeStatus> nodes) {
    return nodes.stream()
        .min(
            Comparator.comparing((NodeStatus n) -> n.lastPollTime() != null)
                .thenComparing(NodeStatus::isUp)
                .thenComparing(
                    n -> n.lastSuccessTime() == null ? Instant.MIN : n.lastSuccessTime()))
        .orElseThrow();
  }

  private static String str(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
