package dev.redlens.spring;

import static dev.redlens.core.RedlensSemconv.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.redlens.core.pool.PoolTelemetry;
import dev.redlens.spring.internal.InstrumentedJedisConnectionFactory;
import io.opentelemetry.api.common.Attributes;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A Boot application on Jedis (pooled, as Boot configures it) with nothing but the starter. */
@SpringBootTest(classes = RedisAppTestSupport.App.class)
class JedisAppTest extends RedisAppTestSupport {

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    redisProperties(registry, "jedis");
    registry.add("spring.data.redis.jedis.pool.enabled", () -> "true");
  }

  @Autowired RedisConnectionFactory connectionFactory;

  @Test
  void bootsFactoryIsTheInstrumentedOne() {
    assertThat(connectionFactory).isInstanceOf(InstrumentedJedisConnectionFactory.class);
  }

  @Test
  void springsPoolReportsConnectionMetrics() {
    template.opsForValue().get("app:pool");
    String pool = PoolTelemetry.defaultName(server().host(), server().port(), 0);
    Long idle =
        otel.sumPoint(
            METRIC_CONNECTION_COUNT,
            Attributes.of(
                DB_CLIENT_CONNECTION_POOL_NAME, pool,
                DB_CLIENT_CONNECTION_STATE, CONNECTION_STATE_IDLE));
    assertThat(idle).isNotNull().isGreaterThanOrEqualTo(1);
    assertThat(otel.metric(METRIC_CONNECTION_WAIT_TIME)).isNotNull();
  }
}
