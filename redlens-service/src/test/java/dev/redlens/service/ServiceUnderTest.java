package dev.redlens.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.redlens.service.internal.api.Json;
import dev.redlens.service.internal.config.ServiceConfig;
import dev.redlens.testing.RedisServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A Redis server of the test's own (never the one on 6379) and a {@link RedlensServer} on a free
 * port in front of it, with a small HTTP client. One per test class: start it in
 * {@code @BeforeAll}, close it in {@code @AfterAll}.
 */
final class ServiceUnderTest implements AutoCloseable {

  final RedisServer redis; // null when the test runs its own Redis (startWithEnv)
  final RedlensServer service;
  final String baseUrl;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private ServiceUnderTest(RedisServer redis, RedlensServer service) {
    this.redis = redis;
    this.service = service;
    this.baseUrl = "http://127.0.0.1:" + service.port();
  }

  static ServiceUnderTest start() {
    return start(b -> b);
  }

  static ServiceUnderTest start(UnaryOperator<ServiceConfig.Builder> configure) {
    return start(configure, null);
  }

  /** With a Redis that requires {@code password} (the service's URL carries it). */
  static ServiceUnderTest start(UnaryOperator<ServiceConfig.Builder> configure, String password) {
    RedisServer redis =
        password == null ? RedisServer.start() : RedisServer.builder().password(password).start();
    try {
      ServiceConfig.Builder builder =
          ServiceConfig.fromEnv(Map.of())
              .host("127.0.0.1")
              .port(0)
              .redisUrl(redis.uriWithPassword())
              .connectionTimeout(Duration.ofSeconds(2))
              .operationTimeout(Duration.ofSeconds(5))
              .collectionInterval(Duration.ofMillis(500))
              .dashboardSampleInterval(Duration.ofMillis(250));
      return new ServiceUnderTest(redis, RedlensServer.start(configure.apply(builder).build()));
    } catch (RuntimeException e) {
      redis.close();
      throw e;
    }
  }

  /**
   * A service started as in production, from environment variables ({@link
   * RedlensServer#start(Map)}), on a Redis the test runs itself ({@code REDIS_URL} in {@code env}:
   * a cluster, a Sentinel setup); the test stops that Redis.
   */
  static ServiceUnderTest startWithEnv(Map<String, String> env) {
    Map<String, String> all = new java.util.HashMap<>();
    all.put("REDLENS_HOST", "127.0.0.1");
    all.put("REDLENS_PORT", "0");
    all.put("REDIS_CONNECTION_TIMEOUT", "2");
    all.put("REDIS_OPERATION_TIMEOUT", "5");
    all.put("REDLENS_COLLECTION_INTERVAL", "0.5");
    all.put("REDLENS_DASHBOARD_SAMPLE_INTERVAL", "0.25");
    all.putAll(env);
    return new ServiceUnderTest(null, RedlensServer.start(all));
  }

  /** An HTTP answer. */
  record Answer(int status, String contentType, String body) {
    JsonNode json() {
      try {
        return Json.MAPPER.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }
  }

  Answer get(String path) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
  }

  Answer get(String path, String accept) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Accept", accept).GET());
  }

  Answer post(String path, String json) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path));
    if (json == null) {
      b.POST(HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    }
    return send(b);
  }

  Answer send(HttpRequest.Builder builder) {
    try {
      HttpResponse<String> r =
          http.send(
              builder.timeout(Duration.ofSeconds(60)).build(),
              HttpResponse.BodyHandlers.ofString());
      return new Answer(
          r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      service.close();
    } finally {
      if (redis != null) {
        redis.close();
      }
    }
  }
}
