package dev.redlens.service.internal.api;

import dev.redlens.service.internal.redis.RedisFailures;
import dev.redlens.service.internal.redis.RedisUnavailableException;
import dev.redlens.service.internal.runtime.ServiceParts;
import dev.redlens.service.internal.telemetry.RequestTally;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each API request the same way: a SERVER span (the parent of the request's Redis spans, so
 * that what they recorded can be attributed to this request alone), input read and validated before
 * anything else, a load permit only for validated load requests, and every failure mapped to a JSON
 * error: 400 for bad input, 413, 429 (with {@code Retry-After}), 502 for a Redis error reply, 503
 * when Redis is not available, 500 only for a bug.
 */
final class RequestRunner {

  private static final Logger LOG = LoggerFactory.getLogger(RequestRunner.class);
  private static final AttributeKey<String> HTTP_METHOD =
      AttributeKey.stringKey("http.request.method");
  private static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
  private static final AttributeKey<Long> HTTP_STATUS =
      AttributeKey.longKey("http.response.status_code");
  static final String RETRY_AFTER_SECONDS = "1";

  private final ServiceParts parts;
  private final Semaphore loadPermits;

  RequestRunner(ServiceParts parts) {
    this.parts = parts;
    this.loadPermits = new Semaphore(parts.config().maxConcurrentLoadRequests);
  }

  /** All load permits are taken: 429. */
  private static final class Busy extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Busy() {
      super("too many load requests are running; try again shortly", null, false, false);
    }
  }

  /** A load endpoint: body read and validated first, then at most N run at once. */
  <I> Handler load(String route, Endpoint.Load<I> endpoint) {
    return ctx ->
        traced(
            ctx,
            route,
            exchange -> {
              QueryParameters.parse(ctx.queryString(), Set.of());
              JsonBody body =
                  JsonBody.parse(
                      ctx.header("Content-Type"), RequestBody.read(ctx), endpoint.fields());
              I input = endpoint.parse(body);
              exchange.project(endpoint.project(input));
              if (!loadPermits.tryAcquire()) {
                throw new Busy();
              }
              try {
                return endpoint.run(input, exchange);
              } finally {
                loadPermits.release();
              }
            });
  }

  /** An endpoint answered from its query parameters. */
  Handler query(String route, Endpoint.Query endpoint) {
    return ctx ->
        traced(
            ctx,
            route,
            exchange ->
                endpoint.handle(
                    QueryParameters.parse(ctx.queryString(), endpoint.parameters()), exchange));
  }

  private void traced(Context ctx, String route, Function<Exchange, Object> body) {
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
    RequestTally tally = parts.telemetry().spanCounter().watch(traceId);
    int status;
    try (Scope ignored = span.makeCurrent()) {
      Object result = body.apply(new Exchange(span, tally));
      status = 200;
      write(ctx, status, result);
    } catch (RuntimeException e) {
      status = fail(ctx, span, e);
    } finally {
      parts.telemetry().spanCounter().unwatch(traceId);
    }
    span.setAttribute(HTTP_STATUS, (long) status);
    span.end();
  }

  private int fail(Context ctx, Span span, RuntimeException e) {
    if (e instanceof BadRequest bad) {
      return write(ctx, 400, new ApiError("bad_request", bad.field(), bad.getMessage()));
    }
    if (e instanceof RequestBody.TooLarge) {
      return write(ctx, 413, ApiError.of("payload_too_large", e.getMessage()));
    }
    if (e instanceof RequestBody.ClientFault fault) {
      // the client's doing, not a bug: one line, no stack trace
      LOG.warn(
          "{} {}: {} ({})", ctx.method(), ctx.path(), e.getMessage(), String.valueOf(e.getCause()));
      ApiError error = ApiError.forStatus(fault.status());
      return write(ctx, fault.status(), new ApiError(error.error(), "body", e.getMessage()));
    }
    if (e instanceof Busy) {
      ctx.header("Retry-After", RETRY_AFTER_SECONDS);
      return write(ctx, 429, ApiError.of("too_many_requests", e.getMessage()));
    }
    if (e instanceof RedisCommandExecutionException reply) {
      span.setStatus(StatusCode.ERROR, "redis error reply");
      return write(
          ctx,
          502,
          ApiError.of("redis_error", "Redis answered with an error: " + reply.getMessage()));
    }
    if (e instanceof RedisUnavailableException || e instanceof RedisException) {
      span.setStatus(StatusCode.ERROR, "redis unavailable");
      String message =
          e instanceof RedisUnavailableException
              ? e.getMessage()
              : RedisFailures.describe(parts.connector().displayUri(), e);
      ctx.header("Retry-After", RETRY_AFTER_SECONDS);
      return write(ctx, 503, ApiError.of("redis_unavailable", message));
    }
    if (e instanceof HttpResponseException http) {
      return write(ctx, http.getStatus(), ApiError.forStatus(http.getStatus()));
    }
    span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
    LOG.error("unexpected failure on {} {}", ctx.method(), ctx.path(), e);
    return write(
        ctx, 500, ApiError.of("internal_error", "the service failed unexpectedly; see its log"));
  }

  static int write(Context ctx, int status, Object body) {
    ctx.status(status).contentType("application/json").result(Json.write(body));
    return status;
  }
}
