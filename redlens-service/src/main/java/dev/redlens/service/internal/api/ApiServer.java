package dev.redlens.service.internal.api;

import dev.redlens.core.RedlensSemconv;
import dev.redlens.service.internal.dashboard.DashboardSampler;
import dev.redlens.service.internal.redis.HealthCheck;
import dev.redlens.service.internal.redis.RedisUnavailableException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.lettuce.core.RedisCommandExecutionException;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP layer (Javalin): the specification's endpoints, {@code /health}, {@code /metrics}, the
 * dashboard. Every answer is JSON (but {@code /metrics} and the dashboard's files); input the API
 * refuses gets 400 naming the field, an unreachable Redis 503, too many concurrent load requests
 * 429; 500 only for a bug.
 */
public final class ApiServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  static final long MAX_REQUEST_BYTES = 64 * 1024;
  static final String CHART_JS = "META-INF/resources/webjars/chart.js/4.4.1/dist/chart.umd.js";
  private static final AttributeKey<String> HTTP_METHOD =
      AttributeKey.stringKey("http.request.method");
  private static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
  private static final AttributeKey<Long> HTTP_STATUS =
      AttributeKey.longKey("http.response.status_code");

  private final ServiceParts parts;
  private final RedisApi api;
  private final DashboardSampler dashboard;
  private final Semaphore loadPermits;
  private final Javalin app;

  public ApiServer(ServiceParts parts, DashboardSampler dashboard) {
    this.parts = parts;
    this.api = new RedisApi(parts);
    this.dashboard = dashboard;
    this.loadPermits = new Semaphore(parts.config().maxConcurrentLoadRequests);
    this.app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.startup.showOldJavalinVersionWarning = false;
              config.http.maxRequestSize = MAX_REQUEST_BYTES;
              config.http.prefer405over404 = true;
              config.http.defaultContentType = "application/json";
              var routes = config.routes;
              routes.post(
                  "/test/redis/operations/basic",
                  load(
                      "/test/redis/operations/basic",
                      Set.of(),
                      ctx ->
                          api.basicOperations(
                              body(
                                  ctx, Set.of("operation", "key_prefix", "count", "project_id")))));
              routes.post(
                  "/test/redis/cache/performance",
                  load(
                      "/test/redis/cache/performance",
                      Set.of(),
                      ctx ->
                          api.cachePerformance(
                              body(ctx, Set.of("total_keys", "hit_rate_target", "project_id")))));
              routes.post(
                  "/test/redis/latency/measurement",
                  load(
                      "/test/redis/latency/measurement",
                      Set.of(),
                      ctx ->
                          api.latencyMeasurement(
                              body(
                                  ctx,
                                  Set.of("command", "iterations", "key_size", "project_id")))));
              routes.get(
                  "/test/redis/memory/usage",
                  traced(
                      "/test/redis/memory/usage",
                      Set.of("project_id"),
                      ctx -> api.memoryUsage(optionalProject(ctx))));
              routes.get(
                  "/test/redis/connection/pool/status",
                  traced(
                      "/test/redis/connection/pool/status",
                      Set.of("project_id"),
                      ctx -> api.poolStatus(optionalProject(ctx))));
              routes.get(
                  "/test/redis/instrumentation/status",
                  traced(
                      "/test/redis/instrumentation/status",
                      Set.of(),
                      ctx -> api.instrumentationStatus()));
              routes.post(
                  "/test/redis/cleanup",
                  traced(
                      "/test/redis/cleanup",
                      Set.of("project_id"),
                      ctx -> api.cleanup(requiredProject(ctx))));
              routes.get("/health", this::health);
              routes.get("/metrics", this::metrics);
              routes.get("/dashboard/data", ctx -> json(ctx, 200, dashboard.data()));
              routes.get(
                  "/", ctx -> resource(ctx, "dashboard/index.html", "text/html; charset=utf-8"));
              routes.get(
                  "/dashboard.js",
                  ctx -> resource(ctx, "dashboard/dashboard.js", "text/javascript; charset=utf-8"));
              routes.get(
                  "/dashboard.css",
                  ctx -> resource(ctx, "dashboard/dashboard.css", "text/css; charset=utf-8"));
              routes.get(
                  "/webjars/chart.js/4.4.1/dist/chart.umd.js",
                  ctx -> resource(ctx, CHART_JS, "text/javascript; charset=utf-8"));
              routes.exception(HttpResponseException.class, (e, ctx) -> httpError(ctx, e));
              routes.exception(
                  Exception.class,
                  (e, ctx) -> {
                    LOG.error("unexpected failure on {} {}", ctx.method(), ctx.path(), e);
                    json(
                        ctx,
                        500,
                        error(
                            "internal_error",
                            null,
                            "unexpected failure: " + e.getClass().getSimpleName()));
                  });
              routes.error(
                  404,
                  ctx -> {
                    if (ctx.result() == null || ctx.result().isEmpty()) {
                      json(
                          ctx,
                          404,
                          error(
                              "not_found",
                              null,
                              "no such endpoint: " + ctx.method() + " " + ctx.path()));
                    }
                  });
              routes.error(
                  405,
                  ctx ->
                      json(
                          ctx,
                          405,
                          error(
                              "method_not_allowed",
                              null,
                              ctx.method() + " is not allowed on " + ctx.path())));
            });
  }

  /** Starts listening; {@code port} 0 takes a free port. */
  public ApiServer start(String host, int port) {
    app.start(host, port);
    return this;
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }

  // ---- request handling
  // ------------------------------------------------------------------------------------

  private interface JsonHandler extends Function<Context, Map<String, Object>> {}

  /**
   * A load-generating endpoint: at most {@code REDLENS_MAX_CONCURRENT_LOAD_REQUESTS} run at once,
   * else 429.
   */
  private Handler load(String route, Set<String> queryParams, JsonHandler handler) {
    Handler traced = traced(route, queryParams, handler);
    return ctx -> {
      if (!loadPermits.tryAcquire()) {
        json(
            ctx,
            429,
            error(
                "too_many_requests",
                null,
                "too many load requests are running; try again shortly"));
        return;
      }
      try {
        traced.handle(ctx);
      } finally {
        loadPermits.release();
      }
    };
  }

  /**
   * Runs {@code handler} inside a SERVER span (the parent of its Redis spans) and maps failures to
   * answers.
   */
  private Handler traced(String route, Set<String> queryParams, JsonHandler handler) {
    return ctx -> {
      Span span =
          parts
              .telemetry()
              .serviceTracer()
              .spanBuilder(ctx.method() + " " + route)
              .setSpanKind(SpanKind.SERVER)
              .setAttribute(HTTP_METHOD, ctx.method().toString())
              .setAttribute(HTTP_ROUTE, route)
              .startSpan();
      String traceId = span.getSpanContext().getTraceId();
      parts.telemetry().spanCounter().watch(traceId);
      int status;
      try (Scope ignored = span.makeCurrent()) {
        checkQuery(ctx, queryParams);
        Map<String, Object> result = handler.apply(ctx);
        Object project = result.get("project_id");
        if (project != null) {
          span.setAttribute(RedlensSemconv.REDLENS_PROJECT_ID, project.toString());
        }
        status = 200;
        json(ctx, status, result);
      } catch (BadRequest e) {
        status = 400;
        json(ctx, status, error("bad_request", e.field(), e.getMessage()));
      } catch (RedisUnavailableException e) {
        status = 503;
        span.setStatus(StatusCode.ERROR, "redis unavailable");
        json(ctx, status, error("redis_unavailable", null, e.getMessage()));
      } catch (RedisCommandExecutionException e) {
        status = 502;
        span.setStatus(StatusCode.ERROR, "redis error reply");
        json(ctx, status, error("redis_error", null, e.getMessage()));
      } catch (HttpResponseException e) {
        status = e.getStatus();
        httpError(ctx, e);
      } finally {
        parts.telemetry().spanCounter().unwatch(traceId);
      }
      span.setAttribute(HTTP_STATUS, (long) status);
      span.end();
    };
  }

  private static void checkQuery(Context ctx, Set<String> allowed) {
    for (Map.Entry<String, List<String>> entry : ctx.queryParamMap().entrySet()) {
      if (!allowed.contains(entry.getKey())) {
        throw new BadRequest(
            entry.getKey(),
            "unknown query parameter '"
                + JsonBody.abbreviate(entry.getKey())
                + "'"
                + (allowed.isEmpty()
                    ? "; this endpoint takes none"
                    : "; allowed: " + String.join(", ", allowed)));
      }
      if (entry.getValue().size() > 1) {
        throw new BadRequest(
            entry.getKey(), "query parameter '" + entry.getKey() + "' is given more than once");
      }
    }
  }

  private static JsonBody body(Context ctx, Set<String> fields) {
    String length = ctx.header("Content-Length");
    if (length != null) {
      try {
        if (Long.parseLong(length.trim()) > MAX_REQUEST_BYTES) {
          throw new HttpResponseException(
              413, "the body must not exceed " + MAX_REQUEST_BYTES + " bytes");
        }
      } catch (NumberFormatException e) {
        throw new BadRequest("Content-Length", "malformed Content-Length");
      }
    }
    return JsonBody.parse(ctx.header("Content-Type"), ctx.body(), fields);
  }

  private static UUID optionalProject(Context ctx) {
    String value = ctx.queryParam("project_id");
    if (value == null) {
      return null;
    }
    return JsonBody.uuid("project_id", value);
  }

  private static UUID requiredProject(Context ctx) {
    String value = ctx.queryParam("project_id");
    if (value == null || value.isEmpty()) {
      throw new BadRequest("project_id", "query parameter 'project_id' (a UUID) is required");
    }
    return JsonBody.uuid("project_id", value);
  }

  private static void httpError(Context ctx, HttpResponseException e) {
    int status = e.getStatus();
    String code;
    String message = e.getMessage();
    switch (status) {
      case 404:
        code = "not_found";
        message = "no such endpoint: " + ctx.method() + " " + ctx.path();
        break;
      case 405:
        code = "method_not_allowed";
        message = ctx.method() + " is not allowed on " + ctx.path();
        break;
      case 413:
        code = "payload_too_large";
        break;
      default:
        code = status >= 500 ? "server_error" : "http_error";
        break;
    }
    json(ctx, status, error(code, null, message));
  }

  static Map<String, Object> error(String error, String field, String message) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("error", error);
    if (field != null) {
      m.put("field", field);
    }
    m.put("message", message);
    return m;
  }

  private static void json(Context ctx, int status, Object body) {
    ctx.status(status).contentType("application/json").result(Json.write(body));
  }

  private static void resource(Context ctx, String name, String contentType) throws IOException {
    try (InputStream in = ApiServer.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        json(ctx, 404, error("not_found", null, "missing resource " + name));
        return;
      }
      ctx.status(200)
          .contentType(contentType)
          .header("Cache-Control", "no-cache")
          .result(in.readAllBytes());
    }
  }

  // ---- /health and /metrics
  // --------------------------------------------------------------------------------

  private void health(Context ctx) {
    HealthCheck.Result redis = parts.health().check();
    Map<String, Object> body = new LinkedHashMap<>();
    Map<String, Object> partsMap = new LinkedHashMap<>();
    Map<String, Object> r = new LinkedHashMap<>(redis.describe());
    r.put("uri", parts.connector().displayUri());
    r.put("source", parts.redisSource());
    partsMap.put("redis", r);
    Map<String, Object> telemetry = new LinkedHashMap<>();
    telemetry.put("status", "up");
    telemetry.put("spans_started", parts.telemetry().spanCounter().started());
    partsMap.put("telemetry", telemetry);
    Map<String, Object> collector = api.collectorStatus();
    partsMap.put("collector", collector);
    Map<String, Object> exporter = new LinkedHashMap<>();
    exporter.put("prometheus", "up");
    exporter.put("otlp", parts.telemetry().otlpState());
    partsMap.put("exporters", exporter);
    partsMap.put("http", Map.of("status", "up"));
    boolean degraded =
        !"up".equals(collector.get("state")) && !"starting".equals(collector.get("state"))
            || "failing".equals(parts.telemetry().otlpState());
    String status = !redis.up() ? "unavailable" : degraded ? "degraded" : "ok";
    body.put("status", status);
    body.put("parts", partsMap);
    json(ctx, redis.up() ? 200 : 503, body);
  }

  private void metrics(Context ctx) throws IOException {
    String accept = ctx.header("Accept");
    ExpositionFormatWriter writer =
        accept != null && accept.contains("application/openmetrics-text")
            ? OpenMetricsTextFormatWriter.create()
            : PrometheusTextFormatWriter.create();
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    writer.write(out, parts.telemetry().prometheus().collect());
    ctx.status(200).contentType(writer.getContentType()).result(out.toByteArray());
  }
}
