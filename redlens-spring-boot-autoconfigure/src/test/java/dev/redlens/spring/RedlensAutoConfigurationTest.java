package dev.redlens.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.info.ServerMetrics;
import dev.redlens.spring.actuate.RedlensEndpoint;
import dev.redlens.spring.actuate.RedlensHealthIndicator;
import dev.redlens.spring.internal.InstrumentedJedisConnectionFactory;
import dev.redlens.spring.internal.RedisCacheMetrics;
import dev.redlens.testing.InMemoryTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Every condition of the auto-configuration, without a Redis server: factories are not started
 * (nothing connects until used), and {@code ServerMetrics} polls in the background, so a port
 * nothing listens on stands for a Redis that is down at startup.
 */
class RedlensAutoConfigurationTest {

  /** One per test: the context closes its OpenTelemetry bean (an AutoCloseable) with itself. */
  private final InMemoryTelemetry otel = new InMemoryTelemetry();

  private static int closedPort;

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
                  DataRedisAutoConfiguration.class,
                  CacheAutoConfiguration.class,
                  EndpointAutoConfiguration.class,
                  HealthContributorAutoConfiguration.class))
          .withBean(OpenTelemetry.class, () -> otel.openTelemetry())
          .withPropertyValues(
              "spring.data.redis.host=127.0.0.1",
              "spring.data.redis.port=" + closedPort,
              "redlens.info.interval=1h",
              "management.endpoints.web.exposure.include=redlens");

  @BeforeAll
  static void start() throws Exception {
    // initializes the context storage now, through the test's own class loader: a filtered class
    // loader below hides the SDK's storage provider, and a failed static initializer would be
    // failed for the whole JVM
    Context.current();
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort(); // closed again: nothing listens there
    }
  }

  @AfterEach
  void stop() {
    otel.close();
  }

  @Test
  void everythingIsThereByDefault() {
    runner.run(
        context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).hasSingleBean(RedisTelemetry.class);
          assertThat(context).hasSingleBean(ServerMetrics.class);
          assertThat(context).hasSingleBean(RedisCacheMetrics.class);
          assertThat(context).hasSingleBean(RedlensEndpoint.class);
          assertThat(context).hasSingleBean(RedlensHealthIndicator.class);
          assertThat(context).hasBean("redlensClientResources");
          assertThat(context.getBean(RedisConnectionFactory.class))
              .isInstanceOf(LettuceConnectionFactory.class);
        });
  }

  @Test
  void aRedisThatIsDownDoesNotStopTheStart() {
    runner.run(
        context -> {
          assertThat(context).hasNotFailed();
          ServerMetrics metrics = context.getBean(ServerMetrics.class);
          metrics.pollNow().join();
          assertThat(metrics.nodes())
              .singleElement()
              .satisfies(node -> assertThat(node.isUp()).isFalse());
          assertThat(
                  context.getBean(RedlensHealthIndicator.class).health(false).getStatus().getCode())
              .isEqualTo("DOWN");
        });
  }

  @Test
  void usesTheContextsOpenTelemetry() {
    runner.run(
        context -> {
          context.getBean(RedisTelemetry.class).traceOperation("CUSTOM", null, () -> "done");
          assertThat(otel.finishedSpans()).as("spans").isNotEmpty();
          assertThat(otel.span("CUSTOM")).isNotNull();
        });
  }

  @Test
  void theApplicationsOwnBeansWin() {
    RedisTelemetry own = RedisTelemetry.create(OpenTelemetry.noop());
    ServerMetrics ownMetrics =
        ServerMetrics.builder(OpenTelemetry.noop())
            .addNode("redis://127.0.0.1:" + closedPort)
            .start();
    try {
      runner
          .withBean("ownTelemetry", RedisTelemetry.class, () -> own)
          .withBean("ownServerMetrics", ServerMetrics.class, () -> ownMetrics)
          .run(
              context -> {
                assertThat(context.getBean(RedisTelemetry.class)).isSameAs(own);
                assertThat(context.getBean(ServerMetrics.class)).isSameAs(ownMetrics);
              });
    } finally {
      ownMetrics.close();
      own.close();
    }
  }

  @Test
  void disabledByPropertyRemovesEverything() {
    runner
        .withPropertyValues("redlens.enabled=false", "spring.data.redis.client-type=jedis")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(RedisTelemetry.class);
              assertThat(context).doesNotHaveBean(ServerMetrics.class);
              assertThat(context).doesNotHaveBean(RedisCacheMetrics.class);
              assertThat(context).doesNotHaveBean(RedlensEndpoint.class);
              assertThat(context).doesNotHaveBean(JedisConnectionFactoryInstrumenter.class);
              assertThat(context).doesNotHaveBean("redlensClientResources");
              assertThat(context.getBean(RedisConnectionFactory.class))
                  .isExactlyInstanceOf(JedisConnectionFactory.class);
            });
  }

  @Test
  void infoCollectionCanBeSwitchedOff() {
    runner
        .withPropertyValues("redlens.info.enabled=false")
        .run(
            context -> {
              assertThat(context).hasSingleBean(RedisTelemetry.class);
              assertThat(context).doesNotHaveBean(ServerMetrics.class);
              assertThat(context).doesNotHaveBean(RedlensHealthIndicator.class);
              assertThat(context).hasSingleBean(RedlensEndpoint.class);
            });
  }

  @Test
  void withoutAnyRedisClientOnlyTheTelemetryRemains() {
    runner
        .withClassLoader(
            new FilteredClassLoader(
                "io.lettuce.core", "redis.clients.jedis", "org.springframework.data.redis"))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasSingleBean(RedisTelemetry.class);
              assertThat(context).doesNotHaveBean(RedisCacheMetrics.class);
              assertThat(context).doesNotHaveBean(ServerMetrics.class);
              assertThat(context).doesNotHaveBean(JedisConnectionFactoryInstrumenter.class);
            });
  }

  @Test
  void withoutTheSdkTheGlobalOpenTelemetryIsUsed() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(RedlensAutoConfiguration.class))
        .withClassLoader(new FilteredClassLoader("io.opentelemetry.sdk"))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasSingleBean(RedisTelemetry.class);
              // the global no-op records nothing and throws nothing
              context.getBean(RedisTelemetry.class).startOperation("CUSTOM", null).end(null);
            });
  }

  @Test
  void bothClientsOnTheClassPathJedisChosen() {
    runner
        .withPropertyValues("spring.data.redis.client-type=jedis")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(RedisConnectionFactory.class))
                  .isInstanceOf(InstrumentedJedisConnectionFactory.class);
            });
  }

  @Test
  void aJedisOlderThanRedisClientIsInstrumentedToo() {
    // Jedis 6 and 7.0 (Boot 3.5's and 4.0's) have no RedisClient; redlens-jedis supports them
    runner
        .withClassLoader(new FilteredClassLoader(redis.clients.jedis.RedisClient.class))
        .withPropertyValues("spring.data.redis.client-type=jedis")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasSingleBean(JedisConnectionFactoryInstrumenter.class);
              assertThat(context.getBean(RedisConnectionFactory.class))
                  .isInstanceOf(InstrumentedJedisConnectionFactory.class);
            });
  }

  @Test
  void withoutActuatorNoEndpoint() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                RedlensAutoConfiguration.class,
                RedlensServerMetricsAutoConfiguration.class,
                RedlensActuatorAutoConfiguration.class,
                DataRedisAutoConfiguration.class))
        .withPropertyValues("spring.data.redis.port=" + closedPort, "redlens.info.interval=1h")
        .withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(RedlensEndpoint.class);
              assertThat(context).hasSingleBean(ServerMetrics.class);
            });
  }

  @Test
  void withoutJedisTheLettuceFactoryStays() {
    runner
        .withClassLoader(new FilteredClassLoader("redis.clients.jedis"))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(JedisConnectionFactoryInstrumenter.class);
              assertThat(context.getBean(RedisConnectionFactory.class))
                  .isInstanceOf(LettuceConnectionFactory.class);
            });
  }
}
