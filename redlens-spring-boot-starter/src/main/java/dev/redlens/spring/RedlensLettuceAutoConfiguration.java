package dev.redlens.spring;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.lettuce.LettuceTelemetry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Instruments Lettuce the way Lettuce is meant to be extended: Boot builds one {@code
 * ClientResources} bean for every {@code LettuceConnectionFactory} (standalone, cluster, sentinel,
 * master/replica, pooled), and this customizer hands its builder to {@link
 * LettuceTelemetry#configure}, so every client made with those resources reports each command with
 * the node that served it. Factories the application declares itself are covered when they use that
 * bean; resources of their own need {@code LettuceTelemetry.configure} themselves.
 */
@AutoConfiguration(
    after = RedlensAutoConfiguration.class,
    beforeName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass(name = {"io.lettuce.core.RedisClient", "dev.redlens.lettuce.LettuceTelemetry"})
@ConditionalOnRedlensEnabled
public final class RedlensLettuceAutoConfiguration {

  /** Boot 4: the customizer of {@code spring-boot-data-redis}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(
      name = "org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer")
  static class Boot4ClientResources {

    /**
     * First, so that a customizer of the application's own that sets a {@code nettyCustomizer}
     * (which replaces Redlens's) keeps working; it should then chain through {@code
     * LettuceTelemetry.configure(builder, itsCustomizer)}.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    @ConditionalOnBean(RedisTelemetry.class)
    ClientResourcesBuilderCustomizer redlensClientResources(RedisTelemetry telemetry) {
      LettuceTelemetry lettuce = LettuceTelemetry.create(telemetry);
      return lettuce::configure;
    }
  }
}
