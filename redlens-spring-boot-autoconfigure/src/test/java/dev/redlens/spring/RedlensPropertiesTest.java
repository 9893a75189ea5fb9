package dev.redlens.spring;

import static dev.redlens.core.RedlensSemconv.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.redlens.spring.internal.InstrumentedJedisConnectionFactory;
import dev.redlens.testing.InMemoryTelemetry;
import dev.redlens.testing.RedisServerExtension;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The {@code redlens.*} properties reach the telemetry, and the factories the application declares
 * itself are instrumented too; against a real server, with both clients.
 */
class RedlensPropertiesTest {

  @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.create();

  private final InMemoryTelemetry otel = new InMemoryTelemetry();

  private ApplicationContextRunner runner(String clientType) {
    return new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                RedlensAutoConfiguration.class,
                RedlensJedisAutoConfiguration.class,
                RedlensLettuceAutoConfiguration.class,
                DataRedisAutoConfiguration.class))
        .withBean(OpenTelemetry.class, otel::openTelemetry)
        .withPropertyValues(
            "spring.data.redis.host=" + REDIS.server().host(),
            "spring.data.redis.port=" + REDIS.server().port(),
            "spring.data.redis.client-type=" + clientType);
  }

  @AfterEach
  void close() {
    otel.close();
  }

  @Test
  void tracingOffKeepsTheMetricsLettuce() {
    tracingOffKeepsTheMetrics("lettuce");
  }

  @Test
  void tracingOffKeepsTheMetricsJedis() {
    tracingOffKeepsTheMetrics("jedis");
  }

  /** One context per test: the context closes its OpenTelemetry bean (an AutoCloseable). */
  private void tracingOffKeepsTheMetrics(String client) {
    runner(client)
        .withPropertyValues("redlens.tracing.enabled=false")
        .run(
            context -> {
              context.getBean(StringRedisTemplate.class).opsForValue().get("props:absent");
              assertThat(otel.durationCount("GET")).isEqualTo(1);
              assertThat(otel.spans("GET")).isEmpty();
            });
  }

  @Test
  void rootSpansOffLeavesCommandsOutsideASpanWithMetricsOnly() {
    runner("lettuce")
        .withPropertyValues("redlens.root-spans=false")
        .run(
            context -> {
              StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
              template.opsForValue().get("props:root");
              // Lettuce completes the caller's future just before it records the command
              await().atMost(Duration.ofSeconds(10)).until(() -> otel.durationCount("GET") == 1);
              assertThat(otel.spans("GET")).isEmpty();

              Span parent = otel.openTelemetry().getTracer("test").spanBuilder("job").startSpan();
              try (Scope scope = parent.makeCurrent()) {
                template.opsForValue().get("props:child");
              } finally {
                parent.end();
              }
              assertThat(otel.span("GET").getParentSpanId())
                  .isEqualTo(parent.getSpanContext().getSpanId());
              assertThat(otel.durationCount("GET")).isEqualTo(2);
            });
  }

  @Test
  void theSeriesBudgetIsApplied() {
    runner("jedis")
        .withPropertyValues("redlens.max-series-per-instrument=10")
        .run(
            context -> {
              StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
              String[][] commands = {
                {"PING"},
                {"DBSIZE"},
                {"TIME"},
                {"LASTSAVE"},
                {"ECHO", "x"},
                {"EXISTS", "k"},
                {"GET", "k"},
                {"STRLEN", "k"},
                {"TTL", "k"},
                {"PTTL", "k"},
                {"TYPE", "k"},
                {"INCR", "n"},
                {"DEL", "d"},
                {"APPEND", "a", "v"},
                {"SET", "s", "v"},
                {"HGET", "h", "f"},
                {"LLEN", "l"},
                {"SCARD", "c"},
                {"ZCARD", "z"},
                {"HLEN", "h"}
              };
              for (String[] command : commands) {
                template.execute(
                    (RedisCallback<Object>)
                        connection ->
                            connection.execute(
                                command[0],
                                java.util.Arrays.stream(command)
                                    .skip(1)
                                    .map(arg -> arg.getBytes(StandardCharsets.UTF_8))
                                    .toArray(byte[][]::new)));
              }
              var names =
                  otel.metric(METRIC_OPERATION_DURATION).getHistogramData().getPoints().stream()
                      .map(point -> point.getAttributes().get(DB_OPERATION_NAME))
                      .toList();
              // past the budget, further commands are folded into the overflow series
              assertThat(names.stream().filter(name -> !"_other".equals(name))).hasSize(10);
              assertThat(names).contains("_other");
            });
  }

  @Test
  void queryTextAndSlowThresholdAreApplied() {
    runner("jedis")
        .withPropertyValues(
            "redlens.query-text.capture=false", "redlens.slow-operation-threshold=1ns")
        .run(
            context -> {
              context.getBean(StringRedisTemplate.class).opsForValue().get("props:slow");
              assertThat(otel.span("GET").getAttributes().get(DB_QUERY_TEXT)).isNull();
              assertThat(otel.slowCount("GET")).isEqualTo(1);
            });
  }

  @Test
  void unpooledJedisIsInstrumented() {
    runner("jedis")
        .withPropertyValues("spring.data.redis.jedis.pool.enabled=false")
        .run(
            context -> {
              context.getBean(StringRedisTemplate.class).opsForValue().set("props:unpooled", "v");
              assertThat(otel.span("SET").getAttributes().get(SERVER_PORT))
                  .isEqualTo((long) REDIS.server().port());
            });
  }

  @Test
  void aFactoryTheApplicationDeclaresIsInstrumented() {
    runner("jedis")
        .withBean(
            "ownFactory",
            RedisConnectionFactory.class,
            () ->
                new JedisConnectionFactory(
                    new RedisStandaloneConfiguration(REDIS.server().host(), REDIS.server().port())))
        .run(
            context -> {
              RedisConnectionFactory factory = context.getBean(RedisConnectionFactory.class);
              assertThat(factory).isInstanceOf(InstrumentedJedisConnectionFactory.class);
              StringRedisTemplate template = new StringRedisTemplate(factory);
              template.opsForValue().get("props:own");
              assertThat(otel.span("GET").getAttributes().get(SERVER_PORT))
                  .isEqualTo((long) REDIS.server().port());
            });
  }

  @Test
  void aSubclassOfTheApplicationsOwnIsLeftAlone() {
    runner("jedis")
        .withBean(
            "ownFactory",
            RedisConnectionFactory.class,
            () ->
                new JedisConnectionFactory(
                    new RedisStandaloneConfiguration(
                        REDIS.server().host(), REDIS.server().port())) {})
        .run(
            context ->
                assertThat(context.getBean(RedisConnectionFactory.class))
                    .isNotInstanceOf(InstrumentedJedisConnectionFactory.class));
  }

  @Test
  void configurationMetadataDescribesEveryProperty() throws Exception {
    String metadata =
        new ClassPathResource("META-INF/spring-configuration-metadata.json")
            .getContentAsString(StandardCharsets.UTF_8);
    for (String property :
        new String[] {
          "redlens.enabled",
          "redlens.root-spans",
          "redlens.tracing.enabled",
          "redlens.slow-operation-threshold",
          "redlens.hit-ratio-window",
          "redlens.max-projects",
          "redlens.project-on-duration",
          "redlens.max-series-per-instrument",
          "redlens.query-text.capture",
          "redlens.query-text.sanitize",
          "redlens.query-text.mask-keys",
          "redlens.query-text.max-length",
          "redlens.info.enabled",
          "redlens.info.interval",
          "redlens.info.timeout"
        }) {
      assertThat(metadata).contains("\"name\": \"" + property + "\"");
    }
    assertThat(metadata).contains("Operations at least this long count as slow");
  }
}
