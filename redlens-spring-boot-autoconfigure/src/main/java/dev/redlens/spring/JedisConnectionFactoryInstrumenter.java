package dev.redlens.spring;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.spring.internal.InstrumentedJedisConnectionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

/**
 * Replaces every {@link JedisConnectionFactory} bean, Boot's or the application's, before it is
 * initialized, by an {@link InstrumentedJedisConnectionFactory} with the same configuration.
 * Factories of a subclass of the application's own are left alone: a copy would lose what the
 * subclass overrides.
 */
final class JedisConnectionFactoryInstrumenter implements BeanPostProcessor {

  private final ObjectProvider<RedisTelemetry> telemetry;

  JedisConnectionFactoryInstrumenter(ObjectProvider<RedisTelemetry> telemetry) {
    this.telemetry = telemetry;
  }

  @Override
  public Object postProcessBeforeInitialization(Object bean, String beanName) {
    if (bean.getClass() == JedisConnectionFactory.class) {
      RedisTelemetry redisTelemetry = telemetry.getIfAvailable();
      if (redisTelemetry != null) {
        return InstrumentedJedisConnectionFactory.copyOf(
            (JedisConnectionFactory) bean, redisTelemetry);
      }
    }
    return bean;
  }
}
