package dev.redlens.spring.boot3;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.lettuce.LettuceTelemetry;
import dev.redlens.spring.ConditionalOnRedlensEnabled;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.data.redis.ClientResourcesBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Spring Boot 3: hands the builder of Boot's {@code ClientResources} bean (every {@code
 * LettuceConnectionFactory} Boot configures: standalone, cluster, Sentinel, master/replica, pooled)
 * to {@link LettuceTelemetry#configure}, as {@code RedlensLettuceAutoConfiguration} does on Boot 4.
 * Boot 3 has no Lettuce tracing of its own; its Lettuce metrics ({@code commandLatencyRecorder},
 * with Actuator) are left as they are.
 */
@AutoConfiguration(
    afterName = "dev.redlens.spring.RedlensAutoConfiguration",
    beforeName = "org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration")
@ConditionalOnClass(
    name = {
      "org.springframework.boot.autoconfigure.data.redis.ClientResourcesBuilderCustomizer",
      "io.lettuce.core.RedisClient",
      "dev.redlens.lettuce.LettuceTelemetry"
    })
@ConditionalOnRedlensEnabled
public final class RedlensBoot3LettuceAutoConfiguration {

  /** Last, as on Boot 4; a bean of this name of the application's own replaces it. */
  @Bean
  @Order(Ordered.LOWEST_PRECEDENCE)
  @ConditionalOnBean(RedisTelemetry.class)
  @ConditionalOnMissingBean(name = "redlensClientResources")
  ClientResourcesBuilderCustomizer redlensClientResources(RedisTelemetry telemetry) {
    LettuceTelemetry lettuce = LettuceTelemetry.create(telemetry);
    return lettuce::configure;
  }
}
