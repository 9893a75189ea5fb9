package dev.redlens.service.internal.api;

import dev.redlens.service.internal.dashboard.DashboardSampler;
import dev.redlens.service.internal.runtime.ServiceParts;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP layer (Javalin on Jetty): routes each path to its endpoint class, serves {@code
 * /health}, {@code /metrics} and the dashboard. Every answer is JSON (but {@code /metrics} and the
 * dashboard's files), including the errors Jetty raises before a request reaches a route ({@link
 * JsonErrorHandler}).
 */
public final class ApiServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  static final String CHART_JS = "META-INF/resources/webjars/chart.js/4.4.1/dist/chart.umd.js";

  /**
   * How long a connection may stay silent (a body that stops arriving): past it, Jetty fails the
   * read and the request is answered 408 or dropped. Bodies are read before a load permit is taken,
   * so a slow upload holds a server thread for at most this long, and never a permit.
   */
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);

  private final Javalin app;

  public ApiServer(ServiceParts parts, DashboardSampler dashboard) {
    RequestRunner runner = new RequestRunner(parts);
    Health health = new Health(parts);
    this.app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.startup.showOldJavalinVersionWarning = false;
              config.http.maxRequestSize = RequestBody.MAX_BYTES;
              config.http.prefer405over404 = true;
              config.http.defaultContentType = "application/json";
              config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
              config.jetty.modifyHttpConfiguration(
                  http -> {
                    http.setIdleTimeout(IDLE_TIMEOUT.toMillis());
                    http.setSendServerVersion(false);
                  });
              var routes = config.routes;
              routes.post(
                  "/test/redis/operations/basic",
                  runner.load("/test/redis/operations/basic", new BasicOperations(parts)));
              routes.post(
                  "/test/redis/cache/performance",
                  runner.load("/test/redis/cache/performance", new CachePerformance(parts)));
              routes.post(
                  "/test/redis/latency/measurement",
                  runner.load("/test/redis/latency/measurement", new LatencyMeasurement(parts)));
              routes.get(
                  "/test/redis/memory/usage",
                  runner.query("/test/redis/memory/usage", new MemoryUsage(parts)));
              routes.get(
                  "/test/redis/connection/pool/status",
                  runner.query(
                      "/test/redis/connection/pool/status", new PoolStatusEndpoint(parts)));
              routes.get(
                  "/test/redis/instrumentation/status",
                  runner.query(
                      "/test/redis/instrumentation/status", new InstrumentationStatus(parts)));
              routes.post(
                  "/test/redis/cleanup", runner.query("/test/redis/cleanup", new Cleanup(parts)));
              routes.get(
                  "/health",
                  plain(
                      ctx -> {
                        Health.Response answer = health.check();
                        RequestRunner.write(ctx, Health.httpStatus(answer), answer);
                      }));
              routes.get("/metrics", plain(ctx -> metrics(ctx, parts)));
              routes.get(
                  "/dashboard/data", plain(ctx -> RequestRunner.write(ctx, 200, dashboard.data())));
              routes.get(
                  "/",
                  withQuery(
                      Set.of("refresh"), // the dashboard's refresh period in ms (dashboard.js)
                      ctx -> resource(ctx, "dashboard/index.html", "text/html; charset=utf-8")));
              routes.get(
                  "/dashboard.js",
                  ctx -> resource(ctx, "dashboard/dashboard.js", "text/javascript; charset=utf-8"));
              routes.get(
                  "/dashboard.css",
                  ctx -> resource(ctx, "dashboard/dashboard.css", "text/css; charset=utf-8"));
              routes.get(
                  "/webjars/chart.js/4.4.1/dist/chart.umd.js",
                  ctx -> resource(ctx, CHART_JS, "text/javascript; charset=utf-8"));
              routes.exception(
                  HttpResponseException.class,
                  (e, ctx) ->
                      RequestRunner.write(ctx, e.getStatus(), httpError(ctx, e.getStatus())));
              routes.exception(
                  BadRequest.class,
                  (e, ctx) ->
                      RequestRunner.write(
                          ctx, 400, new ApiError("bad_request", e.field(), e.getMessage())));
              routes.exception(
                  Exception.class,
                  (e, ctx) -> {
                    LOG.error("unexpected failure on {} {}", ctx.method(), ctx.path(), e);
                    RequestRunner.write(
                        ctx,
                        500,
                        ApiError.of(
                            "internal_error", "the service failed unexpectedly; see its log"));
                  });
              routes.error(
                  404,
                  ctx -> {
                    if (ctx.result() == null || ctx.result().isEmpty()) {
                      RequestRunner.write(ctx, 404, httpError(ctx, 404));
                    }
                  });
              routes.error(405, ctx -> RequestRunner.write(ctx, 405, httpError(ctx, 405)));
            });
  }

  /** An endpoint that takes no query parameters: any is refused with a 400. */
  private static Handler plain(Handler handler) {
    return withQuery(Set.of(), handler);
  }

  /** An endpoint that takes only {@code allowed} query parameters. */
  private static Handler withQuery(Set<String> allowed, Handler handler) {
    return ctx -> {
      QueryParameters.parse(ctx.queryString(), allowed);
      handler.handle(ctx);
    };
  }

  /** The error body of a status Javalin chose (no route, wrong method, ...). */
  private static ApiError httpError(Context ctx, int status) {
    switch (status) {
      case 404:
        return ApiError.of("not_found", "no such endpoint: " + ctx.method() + " " + path(ctx));
      case 405:
        return ApiError.of("method_not_allowed", ctx.method() + " is not allowed on " + path(ctx));
      default:
        return ApiError.forStatus(status);
    }
  }

  /** The path for a message: abbreviated and without control characters. */
  private static String path(Context ctx) {
    return JsonBody.abbreviate(ctx.path());
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

  private static void metrics(Context ctx, ServiceParts parts) throws IOException {
    String accept = ctx.header("Accept");
    ExpositionFormatWriter writer =
        accept != null && accept.contains("application/openmetrics-text")
            ? OpenMetricsTextFormatWriter.create()
            : PrometheusTextFormatWriter.create();
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    writer.write(out, parts.telemetry().prometheus().collect());
    ctx.status(200).contentType(writer.getContentType()).result(out.toByteArray());
  }

  private static void resource(Context ctx, String name, String contentType) throws IOException {
    try (InputStream in = ApiServer.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        RequestRunner.write(ctx, 404, ApiError.of("not_found", "missing resource " + name));
        return;
      }
      ctx.status(200)
          .contentType(contentType)
          .header("Cache-Control", "no-cache")
          .result(in.readAllBytes());
    }
  }
}
