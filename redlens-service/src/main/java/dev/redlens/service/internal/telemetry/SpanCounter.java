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
 * and per trace of an API request that asked to be watched, so that a response can say how many
 * spans its own commands made. Spans are counted when they start, on the caller's thread, so a
 * request's count is exact when it answers.
 */
public final class SpanCounter implements SpanProcessor {

  private final LongAdder started = new LongAdder();
  private final LongAdder ended = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final Map<String, LongAdder> watched = new ConcurrentHashMap<>();

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {
    if (!isRedis(span)) {
      return;
    }
    started.increment();
    LongAdder perTrace = watched.get(span.getSpanContext().getTraceId());
    if (perTrace != null) {
      perTrace.increment();
    }
  }

  @Override
  public boolean isStartRequired() {
    return true;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    if (!isRedis(span)) {
      return;
    }
    ended.increment();
    if (span.getAttribute(RedlensSemconv.ERROR_TYPE) != null) {
      errors.increment();
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

  /** Starts counting the Redis spans of one trace. */
  public void watch(String traceId) {
    watched.put(traceId, new LongAdder());
  }

  /** Stops counting one trace and returns its count. */
  public long unwatch(String traceId) {
    LongAdder count = watched.remove(traceId);
    return count == null ? 0 : count.sum();
  }

  /** The Redis spans started so far in a watched trace (0 if it is not watched). */
  public long count(String traceId) {
    LongAdder count = watched.get(traceId);
    return count == null ? 0 : count.sum();
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
