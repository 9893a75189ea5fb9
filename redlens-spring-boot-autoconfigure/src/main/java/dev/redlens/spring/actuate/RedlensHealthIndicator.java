package dev.redlens.spring.actuate;

import dev.redlens.info.ServerMetrics;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Spring Boot 4's health contributor for the INFO collector ({@code ServerMetrics}): {@code UP}
 * when the last poll of every node succeeded, {@code DOWN} when one failed (its error in the
 * details), {@code UNKNOWN} before the first round ended ({@link CollectorHealth}). It reads the
 * collector's last results and sends nothing to Redis itself.
 */
public class RedlensHealthIndicator extends AbstractHealthIndicator {

  private final ServerMetrics serverMetrics;

  public RedlensHealthIndicator(ServerMetrics serverMetrics) {
    super("Redlens INFO collector health check failed");
    this.serverMetrics = serverMetrics;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    CollectorHealth health = CollectorHealth.of(serverMetrics);
    builder.status(health.status()).withDetails(health.details());
  }
}
