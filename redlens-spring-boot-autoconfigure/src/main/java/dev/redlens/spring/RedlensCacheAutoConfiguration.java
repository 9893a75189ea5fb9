package dev.redlens.spring;

import dev.redlens.spring.internal.RedisCacheMetrics;
import io.opentelemetry.api.OpenTelemetry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.cache.autoconfigure.RedisCacheManagerBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.cache.RedisCacheManager;

/**
 * {@code @Cacheable} hits and misses per cache name: turns on the statistics of the {@code
 * RedisCacheManager} that Boot builds and exports them ({@link RedlensSpringSemconv}). A manager
 * the application builds itself is exported too, with statistics if it enabled them.
 */
@AutoConfiguration(after = RedlensAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.data.redis.cache.RedisCacheManager")
@ConditionalOnRedlensEnabled
public final class RedlensCacheAutoConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  RedisCacheMetrics redlensRedisCacheMetrics(
      ObjectProvider<OpenTelemetry> openTelemetry, ObjectProvider<RedisCacheManager> managers) {
    return new RedisCacheMetrics(
        RedlensAutoConfiguration.openTelemetry(openTelemetry),
        () -> managers.orderedStream().toList());
  }

  /** Boot 4: the customizer of {@code spring-boot-cache}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(
      name = "org.springframework.boot.cache.autoconfigure.RedisCacheManagerBuilderCustomizer")
  static class Boot4CacheStatistics {

    @Bean
    RedisCacheManagerBuilderCustomizer redlensCacheStatistics() {
      return builder -> builder.enableStatistics();
    }
  }
}
