package dev.redlens.service.internal.telemetry;

import dev.redlens.core.RedlensSemconv;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the Redis spans (instrumentation scope {@code dev.redlens}) that start and end, in total
 * and per trace of an API request that asked to be watched ({@link RequestTally}), so that a
 * response can say what the instrumentation recorded for its own commands. Also counts every span
 * that ended (any scope), so that a shutdown cut short can say how many were not exported.
 */
public final class SpanCounter implements SpanProcessor {

  private final LongAdder started = new LongAdder();
  private final LongAdder ended = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder allEnded = new LongAdder();
  private final Map<String, RequestTally> watched = new ConcurrentHashMap<>();

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {
    if (!isRedis(span)) {
      return;
    }
    started.increment();
    RequestTally perTrace = watched.get(span.getSpanContext().getTraceId());
    if (perTrace != null) {
      perTrace.started();
    }
  }

  @Override
  public boolean isStartRequired() {
    return true;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    allEnded.increment();
    if (!isRedis(span)) {
      return;
    }
    ended.increment();
    boolean error = span.getAttribute(RedlensSemconv.ERROR_TYPE) != null;
    if (error) {
      errors.increment();
    }
    RequestTally perTrace = watched.get(span.getSpanContext().getTraceId());
    if (perTrace != null) {
      String cache = span.getAttribute(RedlensSemconv.REDIS_CACHE_RESULT);
      perTrace.ended(
          span.getAttribute(RedlensSemconv.DB_OPERATION_NAME),
          error,
          cache == null ? null : RedlensSemconv.CACHE_HIT.equals(cache));
    }
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  private static boolean isRedis(ReadableSpan span) {
    return RedlensSemconv.INSTRUMENTATION_SCOPE.equals(
        span.getInstrumentationScopeInfo().getName());
  }

  /** Starts tallying the Redis spans of one trace. */
  public RequestTally watch(String traceId) {
    RequestTally tally = new RequestTally();
    watched.put(traceId, tally);
    return tally;
  }

  /** Stops tallying one trace. */
  public void unwatch(String traceId) {
    watched.remove(traceId);
  }

  /** The Redis spans started so far in a watched trace (0 if it is not watched). */
  public long count(String traceId) {
    RequestTally tally = watched.get(traceId);
    return tally == null ? 0 : tally.spans();
  }

  /** Spans of any scope that ended (were handed to the exporters). */
  public long allEnded() {
    return allEnded.sum();
  }

  public long started() {
    return started.sum();
  }

  public long ended() {
    return ended.sum();
  }

  public long errors() {
    return errors.sum();
  }
}
