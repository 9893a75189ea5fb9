package dev.redlens.spring;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.info.ServerMetrics;
import dev.redlens.spring.actuate.RedlensEndpoint;
import dev.redlens.spring.actuate.RedlensHealthIndicator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With Actuator: the {@code redlens} endpoint ({@link RedlensEndpoint}; expose it with {@code
 * management.endpoints.web.exposure.include=redlens}) and, with Boot's health module, the {@code
 * redlens} health contributor for the INFO collector ({@link RedlensHealthIndicator}).
 */
@AutoConfiguration(
    after = {RedlensAutoConfiguration.class, RedlensServerMetricsAutoConfiguration.class})
@ConditionalOnClass(
    name = {
      "org.springframework.boot.actuate.endpoint.annotation.Endpoint",
      "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint"
    })
@ConditionalOnRedlensEnabled
public final class RedlensActuatorAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(RedisTelemetry.class)
  @ConditionalOnAvailableEndpoint(RedlensEndpoint.class)
  RedlensEndpoint redlensEndpoint(
      RedisTelemetry telemetry, ObjectProvider<ServerMetrics> serverMetrics) {
    return new RedlensEndpoint(telemetry, serverMetrics::getIfAvailable);
  }

  /** Boot 4: health contributors live in {@code spring-boot-health}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(
      name = {
        "org.springframework.boot.health.contributor.HealthIndicator",
        "org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator"
      })
  static class Boot4Health {

    @Bean
    @ConditionalOnMissingBean(name = "redlensHealthIndicator")
    @ConditionalOnBean(ServerMetrics.class)
    @ConditionalOnEnabledHealthIndicator("redlens")
    RedlensHealthIndicator redlensHealthIndicator(ServerMetrics serverMetrics) {
      return new RedlensHealthIndicator(serverMetrics);
    }
  }
}
