package dev.redlens.example;

import dev.redlens.launcher.RedisExecutable;
import dev.redlens.launcher.RedisProcess;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A {@code redis-server} of the example's own when none is configured ({@code
 * spring.data.redis.host} or {@code .url}): the one on the PATH, else the binary the {@code
 * embedded-redis} artifact ships, on a free loopback port, stopped with the application. Boot
 * connects to it through its connection details, so everything else (Boot's factory, Redlens's INFO
 * collector) sees an ordinary Redis.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression(
    "'${spring.data.redis.host:}'.isEmpty() and '${spring.data.redis.url:}'.isEmpty()")
public class EmbeddedRedisConfiguration {

  @Bean(destroyMethod = "close")
  RedisProcess embeddedRedis() {
    return RedisProcess.builder(RedisExecutable.find())
        .directive("loglevel", "warning")
        .startupTimeout(Duration.ofSeconds(20))
        .start();
  }

  @Bean
  DataRedisConnectionDetails embeddedRedisConnectionDetails(RedisProcess redis) {
    return new DataRedisConnectionDetails() {
      @Override
      public Standalone getStandalone() {
        return Standalone.of(redis.host(), redis.port());
      }
    };
  }
}
