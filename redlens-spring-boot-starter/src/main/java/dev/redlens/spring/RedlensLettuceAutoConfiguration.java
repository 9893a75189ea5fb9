package dev.redlens.spring;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.lettuce.LettuceTelemetry;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Instruments Spring Data Redis's {@code LettuceConnectionFactory}.
 *
 * <p>Interim: until {@code LettuceTelemetry#configure(ClientResources.Builder)} is available, the
 * standalone {@code RedisClient} of each started factory is instrumented with Lettuce's command
 * listener, reporting the factory's configured server.
 */
@AutoConfiguration(after = RedlensAutoConfiguration.class)
@ConditionalOnClass(
    name = {
      "org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory",
      "io.lettuce.core.RedisClient",
      "dev.redlens.lettuce.LettuceTelemetry"
    })
@ConditionalOnRedlensEnabled
public final class RedlensLettuceAutoConfiguration {

  @Bean
  static BeanPostProcessor redlensLettuceConnectionFactoryInstrumenter(
      ObjectProvider<RedisTelemetry> telemetry) {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof LettuceConnectionFactory factory
            && factory.getNativeClient() instanceof RedisClient client) {
          RedisTelemetry redisTelemetry = telemetry.getIfAvailable();
          if (redisTelemetry != null) {
            LettuceTelemetry.create(redisTelemetry)
                .instrument(
                    client,
                    RedisURI.builder()
                        .withHost(factory.getHostName())
                        .withPort(factory.getPort())
                        .withDatabase(factory.getDatabase())
                        .build());
          }
        }
        return bean;
      }
    };
  }
}
