package dev.redlens.spring.boot3;

import dev.redlens.spring.ConditionalOnRedlensEnabled;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.cache.RedisCacheManagerBuilderCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Spring Boot 3: turns on the statistics of the {@code RedisCacheManager} that Boot builds, which
 * {@code RedlensCacheAutoConfiguration} exports per cache name ({@code @Cacheable} hits and
 * misses), as its Boot 4 customizer does.
 */
@AutoConfiguration(
    afterName = "dev.redlens.spring.RedlensAutoConfiguration",
    beforeName = "org.springframework.boot.autoconfigure.cache.CacheAutoConfiguration")
@ConditionalOnClass(
    name = {
      "org.springframework.boot.autoconfigure.cache.RedisCacheManagerBuilderCustomizer",
      "org.springframework.data.redis.cache.RedisCacheManager"
    })
@ConditionalOnRedlensEnabled
public final class RedlensBoot3CacheAutoConfiguration {

  @Bean
  RedisCacheManagerBuilderCustomizer redlensCacheStatistics() {
    return builder -> builder.enableStatistics();
  }
}
