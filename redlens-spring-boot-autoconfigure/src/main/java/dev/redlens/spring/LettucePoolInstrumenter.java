package dev.redlens.spring;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.core.pool.ConnectionErrorClassifier;
import dev.redlens.core.pool.PoolRegistration;
import dev.redlens.spring.internal.LettucePoolMBeans;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Registers the pools of every pooling {@link LettuceConnectionFactory} bean (Boot's with {@code
 * spring.data.redis.lettuce.pool.enabled}, or the application's with a {@code
 * LettucePoolingClientConfiguration}) for the {@code db.client.connection.*} metrics, before the
 * factory starts ({@link LettucePoolMBeans}); the registration ends when the factory is destroyed.
 */
final class LettucePoolInstrumenter implements DestructionAwareBeanPostProcessor {

  /** The pools are held weakly by the registration: this keeps them while the factory lives. */
  private record Registered(LettucePoolMBeans pools, PoolRegistration registration) {}

  private final ObjectProvider<RedisTelemetry> telemetry;
  private final Map<LettuceConnectionFactory, Registered> registered = new ConcurrentHashMap<>();

  LettucePoolInstrumenter(ObjectProvider<RedisTelemetry> telemetry) {
    this.telemetry = telemetry;
  }

  @Override
  public Object postProcessBeforeInitialization(Object bean, String beanName) {
    if (bean instanceof LettuceConnectionFactory factory && !registered.containsKey(factory)) {
      RedisTelemetry redisTelemetry = telemetry.getIfAvailable();
      LettucePoolMBeans pools = redisTelemetry == null ? null : LettucePoolMBeans.prepare(factory);
      if (pools != null) {
        PoolRegistration registration =
            redisTelemetry
                .pools()
                .registerPool(
                    pools,
                    LettucePoolMBeans.SOURCE,
                    LettucePoolMBeans.poolName(factory),
                    ConnectionErrorClassifier.standard());
        registered.put(factory, new Registered(pools, registration));
      }
    }
    return bean;
  }

  @Override
  public boolean requiresDestruction(Object bean) {
    return bean instanceof LettuceConnectionFactory;
  }

  @Override
  public void postProcessBeforeDestruction(Object bean, String beanName) {
    Registered pools = registered.remove(bean);
    if (pools != null) {
      pools.registration().close();
    }
  }
}
