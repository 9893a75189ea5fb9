package dev.redlens.spring;

import static dev.redlens.core.RedlensSemconv.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.redlens.core.pool.PoolTelemetry;
import dev.redlens.testing.InMemoryTelemetry;
import dev.redlens.testing.RedisServerExtension;
import io.opentelemetry.api.common.Attributes;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Boot's Lettuce factory with Spring's connection pool ({@code
 * spring.data.redis.lettuce.pool.enabled}): the pool, which Spring keeps private, reports {@code
 * db.client.connection.*} under the server's pool name.
 *
 * <p>{@code @DirtiesContext}: Spring closes the application (its Lettuce connections) in its
 * after-all callback, before the extension stops the server; a context left in Spring's cache would
 * keep its connections open past the server's stop, and each would log "Cannot reconnect".
 */
@SpringBootTest(classes = RedisAppTestSupport.App.class)
@DirtiesContext
class LettucePooledAppTest {

  @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.create();

  @Autowired StringRedisTemplate template;
  @Autowired InMemoryTelemetry otel;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("spring.data.redis.host", () -> REDIS.server().host());
    registry.add("spring.data.redis.port", () -> REDIS.server().port());
    registry.add("spring.data.redis.client-type", () -> "lettuce");
    registry.add("spring.data.redis.lettuce.pool.enabled", () -> "true");
    registry.add("spring.data.redis.lettuce.pool.max-active", () -> "5");
  }

  @Test
  void springsLettucePoolReportsConnectionMetrics() {
    // a transaction runs on a dedicated connection, which Spring borrows from the pool
    List<Object> results =
        template.execute(
            new SessionCallback<List<Object>>() {
              @Override
              @SuppressWarnings({"unchecked", "rawtypes"})
              public List<Object> execute(RedisOperations operations) throws DataAccessException {
                operations.multi();
                operations.opsForValue().set("pooled:key", "v");
                return operations.exec();
              }
            });
    assertThat(results).hasSize(1);

    Attributes pool =
        Attributes.of(
            DB_CLIENT_CONNECTION_POOL_NAME,
            PoolTelemetry.defaultName(REDIS.server().host(), REDIS.server().port(), 0));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        otel.sumPoint(
                            METRIC_CONNECTION_COUNT,
                            pool.toBuilder()
                                .put(DB_CLIENT_CONNECTION_STATE, CONNECTION_STATE_IDLE)
                                .build()))
                    .isNotNull()
                    .isGreaterThanOrEqualTo(1L));
    // Spring's shared connection, when it comes from the pool too, stays borrowed: used is 0 or 1
    assertThat(
            otel.sumPoint(
                METRIC_CONNECTION_COUNT,
                pool.toBuilder().put(DB_CLIENT_CONNECTION_STATE, CONNECTION_STATE_USED).build()))
        .isBetween(0L, 1L);
    assertThat(otel.sumPoint(METRIC_CONNECTION_MAX, pool)).isEqualTo(5L);
    assertThat(otel.sumPoint(METRIC_CONNECTION_PENDING_REQUESTS, pool)).isZero();
  }
}
