package dev.redlens.spring;

import dev.redlens.core.RedisTelemetry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Instruments Spring Data Redis's {@code JedisConnectionFactory}: plain, pooled and Sentinel
 * factories, Boot's or the application's, report every command through Redlens, and their pools
 * report {@code db.client.connection.*}. Spring builds its {@code Jedis} objects itself, so the
 * factory is replaced, before it is initialized, by a subclass with the same configuration whose
 * template methods build them on instrumented connections (see {@link
 * JedisConnectionFactoryInstrumenter}).
 */
@AutoConfiguration(after = RedlensAutoConfiguration.class)
@ConditionalOnClass(
    name = {
      "org.springframework.data.redis.connection.jedis.JedisConnectionFactory",
      "redis.clients.jedis.Jedis",
      "dev.redlens.jedis.JedisTelemetry",
      "org.apache.commons.pool2.impl.GenericObjectPool"
    })
@ConditionalOnRedlensEnabled
public final class RedlensJedisAutoConfiguration {

  /** Static: a post-processor is created before the other beans, without its configuration. */
  @Bean
  static JedisConnectionFactoryInstrumenter redlensJedisConnectionFactoryInstrumenter(
      ObjectProvider<RedisTelemetry> telemetry) {
    return new JedisConnectionFactoryInstrumenter(telemetry);
  }
}
