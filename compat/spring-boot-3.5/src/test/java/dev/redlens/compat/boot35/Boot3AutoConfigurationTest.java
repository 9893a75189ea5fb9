package dev.redlens.compat.boot35;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.info.ServerMetrics;
import dev.redlens.spring.RedlensActuatorAutoConfiguration;
import dev.redlens.spring.RedlensAutoConfiguration;
import dev.redlens.spring.RedlensCacheAutoConfiguration;
import dev.redlens.spring.RedlensJedisAutoConfiguration;
import dev.redlens.spring.RedlensLettuceAutoConfiguration;
import dev.redlens.spring.RedlensServerMetricsAutoConfiguration;
import dev.redlens.spring.actuate.RedlensEndpoint;
import dev.redlens.spring.boot3.RedlensBoot3CacheAutoConfiguration;
import dev.redlens.spring.boot3.RedlensBoot3HealthAutoConfiguration;
import dev.redlens.spring.boot3.RedlensBoot3LettuceAutoConfiguration;
import dev.redlens.spring.boot3.RedlensBoot3ServerMetricsAutoConfiguration;
import dev.redlens.testing.InMemoryTelemetry;
import dev.redlens.testing.RedisServerExtension;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.cache.CacheAutoConfiguration;
import org.springframework.boot.autoconfigure.data.redis.ClientResourcesBuilderCustomizer;
import org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.cache.RedisCache;
import org.springframework.data.redis.cache.RedisCacheManager;

/**
 * The Spring Boot 3 half of the auto-configuration, on Boot 3.5 itself: every Redlens
 * auto-configuration of either generation is offered, as the starter's imports files do, and only
 * the Boot 3 ones and the neutral ones take part; the health contributor and {@code ServerMetrics}
 * read Boot 3's types against a real server.
 */
class Boot3AutoConfigurationTest {

  @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.create();

  private final InMemoryTelemetry otel = new InMemoryTelemetry();

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  RedlensAutoConfiguration.class,
                  RedlensJedisAutoConfiguration.class,
                  RedlensLettuceAutoConfiguration.class,
                  RedlensCacheAutoConfiguration.class,
                  RedlensServerMetricsAutoConfiguration.class,
                  RedlensActuatorAutoConfiguration.class,
                  RedlensBoot3LettuceAutoConfiguration.class,
                  RedlensBoot3CacheAutoConfiguration.class,
                  RedlensBoot3ServerMetricsAutoConfiguration.class,
                  RedlensBoot3HealthAutoConfiguration.class,
                  RedisAutoConfiguration.class,
                  CacheAutoConfiguration.class,
                  EndpointAutoConfiguration.class,
                  HealthContributorAutoConfiguration.class))
          .withUserConfiguration(Caching.class)
          .withBean(OpenTelemetry.class, otel::openTelemetry)
          .withPropertyValues(
              "spring.data.redis.host=" + REDIS.server().host(),
              "spring.data.redis.port=" + REDIS.server().port(),
              "spring.cache.type=redis",
              "redlens.info.interval=1h",
              "management.endpoints.web.exposure.include=redlens");

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class Caching {}

  @AfterEach
  void close() {
    otel.close();
  }

  @Test
  void runsOnSpringBoot35() {
    assertThat(SpringBootVersion.getVersion()).startsWith("3.5.");
  }

  @Test
  void theBoot3PartsReplaceTheBoot4Ones() {
    runner.run(
        context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).hasSingleBean(RedisTelemetry.class);
          assertThat(context).hasSingleBean(RedlensEndpoint.class);
          assertThat(context.getBean("redlensClientResources"))
              .isInstanceOf(ClientResourcesBuilderCustomizer.class);
          // statistics on (Boot 3's RedisCacheManagerBuilderCustomizer): a miss is counted
          RedisCache cache =
              (RedisCache) context.getBean(RedisCacheManager.class).getCache("books");
          cache.get("boot3:absent");
          assertThat(cache.getStatistics().getMisses()).isEqualTo(1);
          assertThat(context).hasSingleBean(ServerMetrics.class);
        });
  }

  @Test
  void healthReportsTheCollectorThroughBoot3sTypes() {
    runner.run(
        context -> {
          ServerMetrics serverMetrics = context.getBean(ServerMetrics.class);
          assertThat(serverMetrics.nodes())
              .singleElement()
              .satisfies(node -> assertThat(node.port()).isEqualTo(REDIS.server().port()));
          HealthIndicator health = context.getBean("redlensHealthIndicator", HealthIndicator.class);
          serverMetrics.pollNow().orTimeout(30, TimeUnit.SECONDS).join();
          await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> health.health().getStatus().equals(Status.UP));
          assertThat(health.health().getDetails())
              .containsKey(REDIS.server().host() + ":" + REDIS.server().port());
        });
  }

  @Test
  void disabledRemovesTheBoot3PartsToo() {
    runner
        .withPropertyValues("redlens.enabled=false")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean("redlensClientResources");
              assertThat(context).doesNotHaveBean("redlensCacheStatistics");
              assertThat(context).doesNotHaveBean(ServerMetrics.class);
              assertThat(context).doesNotHaveBean("redlensHealthIndicator");
            });
  }
}
