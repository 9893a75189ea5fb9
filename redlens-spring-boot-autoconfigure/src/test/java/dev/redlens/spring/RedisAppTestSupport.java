package dev.redlens.spring;

import static dev.redlens.core.RedlensSemconv.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.redlens.info.ServerMetricNames;
import dev.redlens.info.ServerMetrics;
import dev.redlens.spring.actuate.RedlensEndpoint;
import dev.redlens.testing.InMemoryTelemetry;
import dev.redlens.testing.RedisServer;
import dev.redlens.testing.RedisServerExtension;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What a Spring Boot application with Redlens on the class path gets, for either client: the same
 * assertions run against a real {@code redis-server} with Boot's own auto-configured factory, a
 * {@code StringRedisTemplate}, a {@code @Cacheable} service, and the in-memory SDK as the context's
 * {@code OpenTelemetry}.
 *
 * <p>{@code @DirtiesContext}: Spring closes the application (its Lettuce connections) in its
 * after-all callback, before the extension stops the server; a context left in Spring's cache would
 * keep its connections open past the server's stop, and each would log "Cannot reconnect".
 */
@DirtiesContext
abstract class RedisAppTestSupport {

  @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.create();

  @Autowired StringRedisTemplate template;
  @Autowired InMemoryTelemetry otel;
  @Autowired BookService books;
  @Autowired ServerMetrics serverMetrics;
  @Autowired RedlensEndpoint endpoint;

  static void redisProperties(DynamicPropertyRegistry registry, String clientType) {
    registry.add("spring.data.redis.host", () -> REDIS.server().host());
    registry.add("spring.data.redis.port", () -> REDIS.server().port());
    registry.add("spring.data.redis.client-type", () -> clientType);
    registry.add("management.endpoints.web.exposure.include", () -> "redlens");
  }

  RedisServer server() {
    return REDIS.server();
  }

  @BeforeEach
  void reset() {
    otel.reset();
  }

  @Test
  void everyTemplateOperationIsOneSpanNamingTheServer() {
    // metrics are cumulative over the class's tests: compare with what was there before
    long durations = otel.durationCount("GET");
    long hits = otel.cacheRequests("GET", CACHE_HIT);
    long misses = otel.cacheRequests("GET", CACHE_MISS);
    template.opsForValue().set("app:key", "value");
    assertThat(template.opsForValue().get("app:key")).isEqualTo("value");
    assertThat(template.opsForValue().get("app:absent")).isNull();

    SpanData set = otel.span("SET");
    assertThat(set.getAttributes().get(SERVER_ADDRESS)).isEqualTo(server().host());
    assertThat(set.getAttributes().get(SERVER_PORT)).isEqualTo((long) server().port());
    assertThat(set.getAttributes().get(DB_SYSTEM_NAME)).isEqualTo(DB_SYSTEM_REDIS);
    assertThat(otel.awaitSpans("GET", 2)).hasSize(2);
    assertThat(otel.spans("GET"))
        .extracting(span -> span.getAttributes().get(REDIS_CACHE_RESULT))
        .containsExactlyInAnyOrder(CACHE_HIT, CACHE_MISS);
    assertThat(otel.durationCount("GET")).isEqualTo(durations + 2);
    assertThat(otel.cacheRequests("GET", CACHE_HIT)).isEqualTo(hits + 1);
    assertThat(otel.cacheRequests("GET", CACHE_MISS)).isEqualTo(misses + 1);
  }

  @Test
  void cacheableHitsAndMissesPerCacheName() {
    String id = "book-" + System.nanoTime();
    long hits = cacheGets("books", CACHE_HIT);
    long misses = cacheGets("books", CACHE_MISS);
    int calls = books.calls();
    books.find(id);
    // Spring may store the value after the method returns (with Lettuce the SET was seen to reach
    // the server after the caller's next command, with or without Redlens): wait for the entry
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> Boolean.TRUE.equals(template.hasKey("books::" + id)));
    books.find(id);
    books.find(id);
    assertThat(books.calls()).isEqualTo(calls + 1);

    assertThat(cacheGets("books", CACHE_HIT)).isEqualTo(hits + 2);
    assertThat(cacheGets("books", CACHE_MISS)).isEqualTo(misses + 1);
  }

  @Test
  void serverMetricsPollTheConfiguredServer() {
    assertThat(serverMetrics.nodes()).hasSize(1);
    serverMetrics.pollNow().orTimeout(30, TimeUnit.SECONDS).join();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              MetricData uptime = otel.metric(ServerMetricNames.UPTIME);
              assertThat(uptime).isNotNull();
              assertThat(uptime.getData().getPoints())
                  .anySatisfy(
                      point ->
                          assertThat(point.getAttributes().get(SERVER_PORT))
                              .isEqualTo((long) server().port()));
            });
  }

  @Test
  @SuppressWarnings("unchecked")
  void endpointShowsWhatWasRecorded() {
    template.opsForValue().get("app:endpoint");
    otel.span("GET");
    Map<String, Object> body = endpoint.redlens();
    Map<String, Object> telemetry = (Map<String, Object>) body.get("telemetry");
    Map<String, Object> commands = (Map<String, Object>) telemetry.get("commands");
    assertThat(commands).containsKey("GET");
    assertThat((Map<String, Object>) commands.get("GET")).containsKeys("p50Micros", "p99Micros");
    assertThat(body).containsKeys("pools", "nodes");
  }

  long cacheGets(String cache, String result) {
    Long value =
        otel.sumPoint(
            RedlensSpringSemconv.METRIC_CACHE_GETS,
            Attributes.of(
                RedlensSpringSemconv.REDIS_CACHE_NAME, cache, REDIS_CACHE_RESULT, result));
    return value == null ? 0 : value;
  }

  /** A cached service, as applications write them. */
  static class BookService {
    private final AtomicInteger calls = new AtomicInteger();

    public int calls() {
      return calls.get();
    }

    @Cacheable("books")
    public String find(String id) {
      calls.incrementAndGet();
      return "title of " + id;
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @EnableCaching
  static class App {

    @Bean(destroyMethod = "close")
    InMemoryTelemetry inMemoryTelemetry() {
      return new InMemoryTelemetry();
    }

    @Bean
    OpenTelemetry openTelemetry(InMemoryTelemetry telemetry) {
      return telemetry.openTelemetry();
    }

    @Bean
    BookService bookService() {
      return new BookService();
    }
  }
}
