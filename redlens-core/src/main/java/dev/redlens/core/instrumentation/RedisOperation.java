package dev.redlens.core.instrumentation;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * One Redis command (or custom operation) in flight: its span and start time. Exactly one of the
 * {@code end…} methods takes effect, the first one called; later calls are ignored, so a client
 * that reports both a success and a failure for the same command records it once. None of them
 * throws.
 *
 * <p>{@link #close()} ends the operation successfully if nothing ended it before, so a custom
 * operation can be written as a try-with-resources block.
 *
 * <p>Integrations call this interface; Redlens implements it (an integration never does).
 */
public interface RedisOperation extends AutoCloseable {

  /** The span of this operation (invalid when tracing is off or failed). */
  Span span();

  /** The command name as reported ({@code GET}, {@code CLIENT LIST}). */
  String operationName();

  /**
   * Whether the command is in the catalog (false for module commands not learned yet and custom
   * operations).
   */
  boolean isKnownCommand();

  /** Makes this operation's span current, for work done inside a custom operation. */
  default Scope makeCurrent() {
    return Context.current().with(span()).makeCurrent();
  }

  /**
   * The number of commands a transaction ({@code EXEC}) or batch carried: {@code
   * db.operation.batch.size}.
   */
  void setBatchSize(long size);

  /** Whether an {@code end…} method has taken effect. */
  boolean isEnded();

  /**
   * Ends the operation successfully with the command's reply; for value-reading commands the reply
   * tells hits from misses (through the scope's {@link ReplyInspector}, see {@link CacheCounts}).
   */
  void end(Object reply);

  /** Ends a successful read whose hits and misses the integration counted itself. */
  void endWithCacheResult(long hits, long misses);

  /**
   * Ends the operation with an error reply of the server, e.g. {@code "WRONGTYPE Operation
   * against…"}.
   */
  void endWithErrorReply(String message);

  /**
   * Ends the operation with an exception: a connection error, timeout, cancellation or error reply.
   */
  void endWithException(Throwable error);

  /**
   * Moves this operation, in flight, to another server of the same telemetry: a cluster redirection
   * ({@code MOVED}, {@code ASK}) or a command re-sent after a reconnect. The returned operation
   * keeps this one's span and start time, carries {@code target}'s server on its span and is
   * recorded in {@code target}'s scope when it ends; this one is then ended without recording
   * anything. When this one has already ended (or {@code target} is its own scope) it is returned
   * unchanged. Never throws.
   */
  RedisOperation redirectTo(ClientScope target);

  /** Ends the operation successfully (with no reply to inspect) unless it has already ended. */
  @Override
  default void close() {
    endWithCacheResult(0, 0);
  }
}
