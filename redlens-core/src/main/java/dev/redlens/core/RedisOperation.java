package dev.redlens.core;

import dev.redlens.core.catalog.CacheRead;
import dev.redlens.core.internal.ErrorClassification;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One Redis command (or custom operation) in flight: its span and start time. Exactly one of the
 * {@code end…} methods takes effect, the first one called; later calls are ignored, so a client
 * that reports both a success and a failure for the same command records it once. None of them
 * throws.
 *
 * <p>{@link #close()} ends the operation successfully if nothing ended it before, so a custom
 * operation can be written as a try-with-resources block.
 */
public final class RedisOperation implements AutoCloseable {

  private static final AtomicIntegerFieldUpdater<RedisOperation> ENDED =
      AtomicIntegerFieldUpdater.newUpdater(RedisOperation.class, "ended");

  final ClientScope scope;
  final CommandBinding binding;
  final Span span;
  final long startNanos;
  long batchSize = -1;
  private volatile int ended;

  RedisOperation(ClientScope scope, CommandBinding binding, Span span, long startNanos) {
    this.scope = scope;
    this.binding = binding;
    this.span = span;
    this.startNanos = startNanos;
  }

  /** The span of this operation (invalid when tracing is off or failed). */
  public Span span() {
    return span;
  }

  /** The command name as reported ({@code GET}, {@code CLIENT LIST}). */
  public String operationName() {
    return binding.operationName;
  }

  /**
   * Whether the command is in the catalog (false for module commands not learned yet and custom
   * operations).
   */
  public boolean isKnownCommand() {
    return binding.spec != null;
  }

  /** Makes this operation's span current, for work done inside a custom operation. */
  public Scope makeCurrent() {
    return Context.current().with(span).makeCurrent();
  }

  /**
   * The number of commands a transaction ({@code EXEC}) or batch carried: {@code
   * db.operation.batch.size}.
   */
  public void setBatchSize(long size) {
    this.batchSize = size;
  }

  /** Whether an {@code end…} method has taken effect. */
  public boolean isEnded() {
    return ended != 0;
  }

  /**
   * Ends the operation successfully with the command's reply; for value-reading commands the reply
   * tells hits from misses (through the scope's {@link ReplyInspector}).
   */
  public void end(Object reply) {
    long nanos = scope.telemetry.nanoClock.getAsLong() - startNanos;
    if (claim()) {
      long hits = 0;
      long misses = 0;
      CacheRead cacheRead = binding.spec == null ? CacheRead.NONE : binding.spec.cacheRead();
      if (cacheRead != CacheRead.NONE) {
        try {
          long counts = RedisTelemetry.cacheCounts(cacheRead, reply, scope.replyInspector);
          hits = RedisTelemetry.hitsOf(counts);
          misses = RedisTelemetry.missesOf(counts);
        } catch (RuntimeException e) {
          scope.telemetry.degraded(
              "reply", "Redlens could not inspect a reply for hits and misses", e);
        }
      }
      scope.telemetry.finish(this, nanos, hits, misses, null, null);
    }
  }

  /** Ends a successful read whose hits and misses the integration counted itself. */
  public void endWithCacheResult(long hits, long misses) {
    long nanos = scope.telemetry.nanoClock.getAsLong() - startNanos;
    if (claim()) {
      scope.telemetry.finish(this, nanos, hits, misses, null, null);
    }
  }

  /**
   * Ends the operation with an error reply of the server, e.g. {@code "WRONGTYPE Operation
   * against…"}.
   */
  public void endWithErrorReply(String message) {
    long nanos = scope.telemetry.nanoClock.getAsLong() - startNanos;
    if (claim()) {
      scope.telemetry.finish(this, nanos, 0, 0, ErrorClassification.ofErrorReply(message), message);
    }
  }

  /**
   * Ends the operation with an exception: a connection error, timeout, cancellation or error reply.
   */
  public void endWithException(Throwable error) {
    long nanos = scope.telemetry.nanoClock.getAsLong() - startNanos;
    if (claim()) {
      ErrorClassification classification;
      try {
        classification = ErrorClassification.of(error);
      } catch (RuntimeException e) {
        classification = ErrorClassification.of(new RuntimeException());
      }
      scope.telemetry.finish(this, nanos, 0, 0, classification, error);
    }
  }

  /**
   * Moves this operation, in flight, to another server: a cluster redirection ({@code MOVED},
   * {@code ASK}) or a command re-sent after a reconnect. The returned operation keeps this one's
   * span and start time, carries {@code target}'s server on its span and is recorded in {@code
   * target}'s scope when it ends; this one is then ended without recording anything. If this one
   * has already ended, it is returned unchanged (end calls on it are ignored). Never throws.
   */
  public RedisOperation redirectTo(ClientScope target) {
    if (target == scope || !claim()) {
      return this;
    }
    CommandBinding rebound = target.rebind(binding);
    RedisOperation moved = new RedisOperation(target, rebound, span, startNanos);
    moved.batchSize = batchSize;
    try {
      if (span.isRecording()) {
        AttributesBuilder server = Attributes.builder();
        target.putServer(server);
        span.setAllAttributes(server.build());
      }
    } catch (RuntimeException e) {
      scope.telemetry.degraded("redirect", "Redlens could not move a span to another server", e);
    }
    return moved;
  }

  /** Ends the operation successfully (with no reply to inspect) unless it has already ended. */
  @Override
  public void close() {
    endWithCacheResult(0, 0);
  }

  private boolean claim() {
    return ENDED.compareAndSet(this, 0, 1);
  }
}
