package dev.redlens.spring.boot3;

import dev.redlens.info.ServerMetrics;
import dev.redlens.spring.ConditionalOnRedlensEnabled;
import dev.redlens.spring.actuate.CollectorHealth;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Spring Boot 3 with Actuator: the {@code redlens} health contributor for the INFO collector, as
 * {@code RedlensActuatorAutoConfiguration} adds on Boot 4 ({@link CollectorHealth}: {@code UP},
 * {@code DOWN} with the failing node, {@code UNKNOWN} before the first poll). Boot 3's health types
 * live in {@code spring-boot-actuator}; Boot 4 moved them to {@code spring-boot-health}.
 */
@AutoConfiguration(
    afterName = {
      "dev.redlens.spring.RedlensServerMetricsAutoConfiguration",
      "dev.redlens.spring.boot3.RedlensBoot3ServerMetricsAutoConfiguration"
    })
@ConditionalOnClass(
    name = {
      "org.springframework.boot.actuate.health.AbstractHealthIndicator",
      "org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator"
    })
@ConditionalOnRedlensEnabled
public final class RedlensBoot3HealthAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "redlensHealthIndicator")
  @ConditionalOnBean(ServerMetrics.class)
  @ConditionalOnEnabledHealthIndicator("redlens")
  AbstractHealthIndicator redlensHealthIndicator(ServerMetrics serverMetrics) {
    return new AbstractHealthIndicator("Redlens INFO collector health check failed") {
      @Override
      protected void doHealthCheck(Health.Builder builder) {
        CollectorHealth health = CollectorHealth.of(serverMetrics);
        builder.status(health.status()).withDetails(health.details());
      }
    };
  }
}
