package dev.redlens.spring.actuate;

import dev.redlens.info.NodeStatus;
import dev.redlens.info.ServerMetrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The health of the INFO collector ({@code ServerMetrics}) as a status code and details, the same
 * for Spring Boot 4's health contributor ({@link RedlensHealthIndicator}) and Boot 3's ({@code
 * dev.redlens.spring.boot3}): {@code UP} when the last poll of every node succeeded, {@code DOWN}
 * when one failed, {@code UNKNOWN} before the first round ended; one detail per node.
 */
public final class CollectorHealth {

  private final String status;
  private final Map<String, Object> details;

  private CollectorHealth(String status, Map<String, Object> details) {
    this.status = status;
    this.details = details;
  }

  /** The collector's last results; sends nothing to Redis. */
  public static CollectorHealth of(ServerMetrics serverMetrics) {
    List<NodeStatus> nodes = serverMetrics.nodes();
    String status;
    if (nodes.stream().anyMatch(node -> node.lastPollTime() == null)) {
      status = "UNKNOWN";
    } else if (nodes.stream().allMatch(NodeStatus::isUp)) {
      status = "UP";
    } else {
      status = "DOWN";
    }
    Map<String, Object> details = new LinkedHashMap<>();
    for (NodeStatus node : nodes) {
      details.put(node.address() + ":" + node.port(), RedlensEndpoint.node(node));
    }
    return new CollectorHealth(status, details);
  }

  /** {@code UP}, {@code DOWN} or {@code UNKNOWN}: Boot's status codes, the same in 3 and 4. */
  public String status() {
    return status;
  }

  /** Per node ({@code host:port}): what the endpoint shows of it. */
  public Map<String, Object> details() {
    return details;
  }
}
