package dev.redlens.spring.actuate;

import dev.redlens.info.NodeStatus;
import dev.redlens.info.ServerMetrics;
import java.util.List;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the INFO collector ({@code ServerMetrics}): {@code UP} when the last poll of every node
 * succeeded, {@code DOWN} when one failed (its error in the details), {@code UNKNOWN} before the
 * first round ended. It reads the collector's last results and sends nothing to Redis itself.
 */
public class RedlensHealthIndicator extends AbstractHealthIndicator {

  private final ServerMetrics serverMetrics;

  public RedlensHealthIndicator(ServerMetrics serverMetrics) {
    super("Redlens INFO collector health check failed");
    this.serverMetrics = serverMetrics;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    List<NodeStatus> nodes = serverMetrics.nodes();
    if (nodes.stream().anyMatch(node -> node.lastPollTime() == null)) {
      builder.unknown();
    } else if (nodes.stream().allMatch(NodeStatus::isUp)) {
      builder.up();
    } else {
      builder.down();
    }
    for (NodeStatus node : nodes) {
      builder.withDetail(node.address() + ":" + node.port(), RedlensEndpoint.node(node));
    }
  }
}
