package dev.redlens.service.internal.config;

import dev.redlens.service.internal.redis.RedisTopology;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The service's configuration: the specification's variables ({@code REDIS_URL}, {@code
 * REDIS_MAX_CONNECTIONS}, {@code REDIS_CONNECTION_TIMEOUT}, {@code REDIS_OPERATION_TIMEOUT}, {@code
 * REDIS_HEALTH_CHECK_INTERVAL}, the {@code OTEL_*} ones) and Redlens' own ({@code REDLENS_*}). Bad
 * values fail at start with a message that names the variable ({@link IllegalArgumentException}).
 */
public final class ServiceConfig {

  public static final int DEFAULT_PORT = 5210;
  public static final String DEFAULT_REDIS_URL = "redis://localhost:6379";

  public final String host;
  public final int port;

  /**
   * {@code REDIS_URL} when given, else null: then {@link #defaultRedisUrl} is tried, then an
   * embedded Redis.
   */
  public final String redisUrl;

  public final String defaultRedisUrl;
  public final boolean embeddedFallback;
  public final int maxConnections;
  public final Duration connectionTimeout;
  public final Duration operationTimeout;
  public final Duration healthCheckInterval;
  public final Duration slowOperationThreshold;
  public final Duration hitRatioWindow;
  public final Duration collectionInterval;
  public final Duration dashboardSampleInterval;
  public final int dashboardHistory;
  public final int maxConcurrentLoadRequests;

  /**
   * Every variable the service was given (the environment), for the OpenTelemetry
   * autoconfiguration.
   */
  public final Map<String, String> env;

  private ServiceConfig(Builder b) {
    this.host = b.host;
    this.port = b.port;
    this.redisUrl = b.redisUrl;
    this.defaultRedisUrl = b.defaultRedisUrl;
    this.embeddedFallback = b.embeddedFallback;
    this.maxConnections = b.maxConnections;
    this.connectionTimeout = b.connectionTimeout;
    this.operationTimeout = b.operationTimeout;
    this.healthCheckInterval = b.healthCheckInterval;
    this.slowOperationThreshold = b.slowOperationThreshold;
    this.hitRatioWindow = b.hitRatioWindow;
    this.collectionInterval = b.collectionInterval;
    this.dashboardSampleInterval = b.dashboardSampleInterval;
    this.dashboardHistory = b.dashboardHistory;
    this.maxConcurrentLoadRequests = b.maxConcurrentLoadRequests;
    this.env = Map.copyOf(b.env);
  }

  /** The configuration from environment variables ({@code System.getenv()} in production). */
  public static Builder fromEnv(Map<String, String> env) {
    EnvReader r = new EnvReader(env);
    Builder b = new Builder();
    b.env.putAll(env);
    b.host = r.string("REDLENS_HOST", "0.0.0.0");
    b.port = r.integer("REDLENS_PORT", DEFAULT_PORT, 0, 65535);
    b.redisUrl = r.optionalString("REDIS_URL");
    b.defaultRedisUrl = r.string("REDLENS_DEFAULT_REDIS_URL", DEFAULT_REDIS_URL);
    b.embeddedFallback = r.bool("REDLENS_EMBEDDED_REDIS", true);
    b.maxConnections = r.integer("REDIS_MAX_CONNECTIONS", 10, 1, 1000);
    b.connectionTimeout = r.seconds("REDIS_CONNECTION_TIMEOUT", 10.0, 0.001, 300);
    b.operationTimeout = r.seconds("REDIS_OPERATION_TIMEOUT", 10.0, 0.001, 300);
    b.healthCheckInterval = r.seconds("REDIS_HEALTH_CHECK_INTERVAL", 30, 0.1, 86400);
    b.slowOperationThreshold =
        Duration.ofNanos(
            (long) (r.number("REDLENS_SLOW_OPERATION_THRESHOLD_MS", 100, 0.001, 3_600_000) * 1e6));
    b.hitRatioWindow = r.seconds("REDLENS_HIT_RATIO_WINDOW", 60, 1, 86400);
    b.collectionInterval = r.seconds("REDLENS_COLLECTION_INTERVAL", 30, 0.1, 86400);
    b.dashboardSampleInterval = r.seconds("REDLENS_DASHBOARD_SAMPLE_INTERVAL", 2, 0.1, 3600);
    b.dashboardHistory = r.integer("REDLENS_DASHBOARD_HISTORY", 150, 2, 10_000);
    b.maxConcurrentLoadRequests = r.integer("REDLENS_MAX_CONCURRENT_LOAD_REQUESTS", 4, 1, 64);
    return b;
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.host = host;
    b.port = port;
    b.redisUrl = redisUrl;
    b.defaultRedisUrl = defaultRedisUrl;
    b.embeddedFallback = embeddedFallback;
    b.maxConnections = maxConnections;
    b.connectionTimeout = connectionTimeout;
    b.operationTimeout = operationTimeout;
    b.healthCheckInterval = healthCheckInterval;
    b.slowOperationThreshold = slowOperationThreshold;
    b.hitRatioWindow = hitRatioWindow;
    b.collectionInterval = collectionInterval;
    b.dashboardSampleInterval = dashboardSampleInterval;
    b.dashboardHistory = dashboardHistory;
    b.maxConcurrentLoadRequests = maxConcurrentLoadRequests;
    b.env.putAll(env);
    return b;
  }

  /** The settings shown by {@code /test/redis/instrumentation/status}. */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("port", port);
    m.put("redis_max_connections", maxConnections);
    m.put("redis_connection_timeout_s", connectionTimeout.toMillis() / 1000.0);
    m.put("redis_operation_timeout_s", operationTimeout.toMillis() / 1000.0);
    m.put("redis_health_check_interval_s", healthCheckInterval.toMillis() / 1000.0);
    m.put("slow_operation_threshold_ms", slowOperationThreshold.toNanos() / 1e6);
    m.put("hit_ratio_window_s", hitRatioWindow.toMillis() / 1000.0);
    m.put("collection_interval_s", collectionInterval.toMillis() / 1000.0);
    m.put("dashboard_sample_interval_s", dashboardSampleInterval.toMillis() / 1000.0);
    m.put("dashboard_history", dashboardHistory);
    m.put("otel_service_name", env.getOrDefault("OTEL_SERVICE_NAME", "redlens-service"));
    return m;
  }

  /** Mutable settings; {@link #build()} checks them. */
  public static final class Builder {
    String host = "0.0.0.0";
    int port = DEFAULT_PORT;
    String redisUrl;
    String defaultRedisUrl = DEFAULT_REDIS_URL;
    boolean embeddedFallback = true;
    int maxConnections = 10;
    Duration connectionTimeout = Duration.ofSeconds(10);
    Duration operationTimeout = Duration.ofSeconds(10);
    Duration healthCheckInterval = Duration.ofSeconds(30);
    Duration slowOperationThreshold = Duration.ofMillis(100);
    Duration hitRatioWindow = Duration.ofSeconds(60);
    Duration collectionInterval = Duration.ofSeconds(30);
    Duration dashboardSampleInterval = Duration.ofSeconds(2);
    int dashboardHistory = 150;
    int maxConcurrentLoadRequests = 4;
    final Map<String, String> env = new LinkedHashMap<>();

    public Builder host(String host) {
      this.host = Objects.requireNonNull(host);
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder redisUrl(String url) {
      this.redisUrl = url;
      return this;
    }

    public Builder defaultRedisUrl(String url) {
      this.defaultRedisUrl = Objects.requireNonNull(url);
      return this;
    }

    public Builder embeddedFallback(boolean on) {
      this.embeddedFallback = on;
      return this;
    }

    public Builder maxConnections(int n) {
      this.maxConnections = n;
      return this;
    }

    public Builder connectionTimeout(Duration d) {
      this.connectionTimeout = d;
      return this;
    }

    public Builder operationTimeout(Duration d) {
      this.operationTimeout = d;
      return this;
    }

    public Builder healthCheckInterval(Duration d) {
      this.healthCheckInterval = d;
      return this;
    }

    public Builder collectionInterval(Duration d) {
      this.collectionInterval = d;
      return this;
    }

    public Builder maxConcurrentLoadRequests(int n) {
      this.maxConcurrentLoadRequests = n;
      return this;
    }

    public Builder dashboardSampleInterval(Duration d) {
      this.dashboardSampleInterval = d;
      return this;
    }

    /**
     * Sets (or, with a null value, removes) a variable seen by the OpenTelemetry autoconfiguration.
     */
    public Builder env(String name, String value) {
      if (value == null) env.remove(name);
      else env.put(name, value);
      return this;
    }

    public ServiceConfig build() {
      if (port < 0 || port > 65535)
        throw new IllegalArgumentException("port must be 0..65535: " + port);
      if (maxConnections < 1)
        throw new IllegalArgumentException("REDIS_MAX_CONNECTIONS must be at least 1");
      if (redisUrl != null) {
        RedisTopology.parse(redisUrl); // fails fast, saying what is wrong and what is expected
      }
      return new ServiceConfig(this);
    }
  }
}
