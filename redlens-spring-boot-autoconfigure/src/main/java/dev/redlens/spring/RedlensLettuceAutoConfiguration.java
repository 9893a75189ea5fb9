package dev.redlens.spring;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.lettuce.LettuceTelemetry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
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
// after Boot's Lettuce observation: Boot's customizer has no order, so at equal order the one
// registered last runs last (see redlensClientResources)
@AutoConfiguration(
    after = RedlensAutoConfiguration.class,
    afterName =
        "org.springframework.boot.data.redis.autoconfigure.observation.LettuceObservationAutoConfiguration",
    beforeName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass(name = {"io.lettuce.core.RedisClient", "dev.redlens.lettuce.LettuceTelemetry"})
@ConditionalOnRedlensEnabled
public final class RedlensLettuceAutoConfiguration {

  /**
   * Spring's Lettuce pools ({@code LettucePoolingClientConfiguration}): the same on Boot 3 and 4.
   * Static: a post-processor is created before the other beans, without its configuration.
   */
  @Bean
  @ConditionalOnClass(
      name = {
        "org.springframework.data.redis.connection.lettuce.LettucePoolingClientConfiguration",
        "org.apache.commons.pool2.impl.GenericObjectPool"
      })
  static LettucePoolInstrumenter redlensLettucePoolInstrumenter(
      ObjectProvider<RedisTelemetry> telemetry) {
    return new LettucePoolInstrumenter(telemetry);
  }

  /** Boot 4: the customizer of {@code spring-boot-data-redis}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(
      name = "org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer")
  static class Boot4ClientResources {

    /**
     * Last: {@code configure} sets the builder's {@code tracing} and {@code nettyCustomizer}, and
     * Boot's own Lettuce observation (Actuator: {@code LettuceObservationAutoConfiguration}) sets
     * {@code tracing} too; run first, Redlens would be switched off by it without a word. So with
     * Redlens, Redlens reports Lettuce's commands and Boot's Micrometer observation of Lettuce is
     * replaced. An application that sets a {@code nettyCustomizer} of its own declares a bean of
     * this name calling {@code LettuceTelemetry.configure(builder, itsCustomizer)}.
     */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    @ConditionalOnBean(RedisTelemetry.class)
    @ConditionalOnMissingBean(name = "redlensClientResources")
    ClientResourcesBuilderCustomizer redlensClientResources(RedisTelemetry telemetry) {
      LettuceTelemetry lettuce = LettuceTelemetry.create(telemetry);
      return lettuce::configure;
    }
  }
}
