package dev.redlens.service;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.info.ServerMetrics;
import dev.redlens.launcher.RedisExecutable;
import dev.redlens.launcher.RedisProcess;
import dev.redlens.service.internal.api.ApiServer;
import dev.redlens.service.internal.config.ServiceConfig;
import dev.redlens.service.internal.dashboard.DashboardSampler;
import dev.redlens.service.internal.redis.HealthCheck;
import dev.redlens.service.internal.redis.RedisConnector;
import dev.redlens.service.internal.redis.RedisProbe;
import dev.redlens.service.internal.redis.RedisTopology;
import dev.redlens.service.internal.runtime.ServiceParts;
import dev.redlens.service.internal.telemetry.TelemetrySetup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service. {@link #start} starts its parts in order: Redis (the configured one, the
 * default one, or an embedded {@code redis-server}), telemetry (OpenTelemetry SDK, {@link
 * RedisTelemetry}, the instrumented pooled client), the server-metrics collector, the dashboard
 * sampler, HTTP. {@link #close} stops them in reverse order, flushing spans and metrics; it is
 * idempotent and is what SIGTERM runs.
 */
public final class RedlensServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RedlensServer.class);

  private final Deque<Part> started = new ArrayDeque<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private ServiceParts parts;
  private ApiServer http;
  private RedisProcess embedded;

  private record Part(String name, AutoCloseable closeable) {}

  private RedlensServer() {}

  /**
   * Starts the service configured as from environment variables ({@code PORT}, {@code REDIS_URL}, …
   * as the module README lists them), for embedding it in another program or test without reaching
   * into the service's internal configuration class.
   *
   * @throws IllegalArgumentException if a variable has an invalid value
   */
  public static RedlensServer start(Map<String, String> environment) {
    return start(ServiceConfig.fromEnv(environment).build());
  }

  /**
   * Starts the service; on failure, whatever had started is stopped again and the failure rethrown.
   */
  public static RedlensServer start(ServiceConfig config) {
    RedlensServer server = new RedlensServer();
    try {
      server.startParts(config);
      return server;
    } catch (RuntimeException | Error e) {
      server.close();
      throw e;
    }
  }

  private void startParts(ServiceConfig config) {
    Instant startedAt = Instant.now();
    // 1. Redis
    String url;
    String source;
    if (config.redisUrl != null) {
      url = config.redisUrl;
      source = "REDIS_URL";
    } else if (RedisProbe.answers(config.defaultRedisUrl, Duration.ofSeconds(1))
        || !config.embeddedFallback) {
      url = config.defaultRedisUrl;
      source = "default";
    } else {
      embedded =
          RedisProcess.builder(RedisExecutable.find())
              .directive("loglevel", "warning")
              .startupTimeout(Duration.ofSeconds(20))
              .start();
      started.push(new Part("embedded redis-server", embedded));
      url = embedded.uri();
      source = "embedded";
      LOG.info(
          "No Redis answered at {} and REDIS_URL is not set: started an embedded redis-server ({}) at {}",
          config.defaultRedisUrl,
          embedded.executable(),
          url);
    }
    // the scheme picks the topology (one server, a cluster, a Sentinel master); a bad URL fails
    // here
    RedisTopology topology = RedisTopology.parse(url);
    LOG.info(
        "[1/5] Redis: {} ({}, {})",
        topology.display(),
        source,
        topology.kind().toString().toLowerCase(java.util.Locale.ROOT));

    // 2. telemetry and the instrumented client
    TelemetrySetup telemetry = new TelemetrySetup(config.env);
    started.push(new Part("OpenTelemetry SDK (flushing spans and metrics)", telemetry));
    RedisTelemetry redisTelemetry =
        RedisTelemetry.builder(telemetry.openTelemetry())
            .setSlowOperationThreshold(config.slowOperationThreshold)
            .setHitRatioWindow(config.hitRatioWindow)
            .build();
    started.push(new Part("Redis telemetry", redisTelemetry));
    RedisConnector connector =
        new RedisConnector(
            topology,
            redisTelemetry,
            config.maxConnections,
            config.connectionTimeout,
            config.operationTimeout);
    started.push(new Part("Redis connection pool", connector));
    HealthCheck health = new HealthCheck(connector, config.healthCheckInterval);
    started.push(new Part("Redis health check", health));
    LOG.info(
        "[2/5] Telemetry: OpenTelemetry SDK, Lettuce instrumentation, project-scoped pool of {} connections; Redis {}",
        config.maxConnections,
        health.last().up() ? "answers" : "does NOT answer yet: " + health.last().error());

    // 3. server metrics from INFO
    ServerMetrics serverMetrics = null;
    String collectorError = null;
    try {
      serverMetrics =
          RedisTopology.parse(url)
              .addTo(ServerMetrics.builder(telemetry.openTelemetry()))
              .setInterval(config.collectionInterval)
              .setTimeout(min(config.connectionTimeout, Duration.ofSeconds(5)))
              .start();
      started.push(new Part("server-metrics collector", serverMetrics));
      LOG.info(
          "[3/5] Server metrics: polling INFO every {} s",
          config.collectionInterval.toMillis() / 1000.0);
    } catch (RuntimeException e) {
      collectorError = e.toString();
      LOG.warn("[3/5] Server metrics collector did not start: {}", e.toString());
    }
    parts =
        new ServiceParts(
            config,
            telemetry,
            redisTelemetry,
            connector,
            health,
            serverMetrics,
            collectorError,
            source,
            startedAt);

    // 4. dashboard sampler
    DashboardSampler sampler = new DashboardSampler(parts);
    started.push(new Part("dashboard sampler", sampler));
    LOG.info(
        "[4/5] Dashboard sampler: every {} s, {} samples",
        config.dashboardSampleInterval.toMillis() / 1000.0,
        config.dashboardHistory);

    // 5. HTTP
    http = new ApiServer(parts, sampler).start(config.host, config.port);
    started.push(new Part("HTTP server", http));
    LOG.info(
        "[5/5] HTTP: listening on http://{}:{}/ (dashboard), /metrics, /health",
        displayHost(config.host),
        http.port());
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static String displayHost(String host) {
    return host.equals("0.0.0.0") ? "localhost" : host;
  }

  /** The HTTP port (useful with port 0). */
  public int port() {
    return http.port();
  }

  /** The Redis URI the service uses, without credentials. */
  public String redisUri() {
    return parts.connector().displayUri();
  }

  /** Whether the service started its own embedded Redis. */
  public boolean usesEmbeddedRedis() {
    return embedded != null;
  }

  /** Stops every part in reverse order of starting, flushing telemetry; idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    LOG.info("Stopping {} parts in reverse order", started.size());
    while (!started.isEmpty()) {
      Part part = started.pop();
      try {
        part.closeable().close();
        LOG.info("Stopped {}", part.name());
      } catch (Exception e) {
        LOG.warn("Failed to stop {}: {}", part.name(), e.toString());
      }
    }
    LOG.info("Stopped");
  }
}
