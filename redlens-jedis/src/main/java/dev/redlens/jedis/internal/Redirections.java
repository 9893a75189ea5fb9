package dev.redlens.jedis.internal;

import dev.redlens.core.RedlensSemconv;
import dev.redlens.core.instrumentation.RedisOperation;
import java.util.concurrent.atomic.AtomicInteger;
import redis.clients.jedis.exceptions.JedisAskDataException;
import redis.clients.jedis.exceptions.JedisRedirectionException;

/**
 * Hands a command that a cluster node redirected ({@code MOVED}, {@code ASK}) over to its retry, so
 * that it stays one operation (one span, one duration point, no false hit or miss) ended on the
 * node that finally answered. Jedis's cluster executor retries on the same thread, on another
 * node's connection, right after the redirection: the operation waits in a thread-local slot and
 * the next command of the same name written by this thread continues it ({@link
 * RedisOperation#redirectTo}). Any other command written first ends it with the redirection (the
 * caller got the redirection: a pipeline does not follow it). At most one operation per thread
 * waits.
 */
final class Redirections {

  private static final ThreadLocal<Redirected> WAITING = new ThreadLocal<>();

  /**
   * How many threads have an operation waiting: while none has (every command outside a cluster's
   * redirections), a command skips the thread-local look-up, about 25 instructions of its 1,000.
   */
  private static final AtomicInteger WAITING_THREADS = new AtomicInteger();

  private record Redirected(
      String name, RedisOperation operation, JedisRedirectionException error) {}

  private Redirections() {}

  /**
   * {@code operation} (of a command named {@code name}) was answered with {@code redirection} by
   * the node of {@code telemetry}: counted on that node, and kept for the retry.
   */
  static void redirected(
      String name,
      RedisOperation operation,
      JedisRedirectionException redirection,
      ConnectionTelemetry telemetry) {
    telemetry.recordRedirection(
        redirection instanceof JedisAskDataException
            ? RedlensSemconv.REDIRECTION_ASK
            : RedlensSemconv.REDIRECTION_MOVED);
    endWaiting();
    WAITING.set(new Redirected(name, operation, redirection));
    WAITING_THREADS.incrementAndGet();
  }

  /** Whether a redirected command of this thread waits for its retry. */
  static boolean isWaiting() {
    return WAITING_THREADS.get() != 0 && WAITING.get() != null;
  }

  /**
   * The operation of a command named {@code name} written now by this thread, continued on {@code
   * telemetry}'s node if it is the retry of a redirected one; else null (a redirected command still
   * waiting is ended with its redirection).
   */
  static RedisOperation resume(String name, ConnectionTelemetry telemetry) {
    if (WAITING_THREADS.get() == 0) {
      return null;
    }
    Redirected waiting = take();
    if (waiting == null) {
      return null;
    }
    if (waiting.name().equals(name)) {
      return waiting.operation().redirectTo(telemetry.scope());
    }
    waiting.operation().endWithErrorReply(waiting.error().getMessage());
    return null;
  }

  private static void endWaiting() {
    Redirected waiting = take();
    if (waiting != null) {
      waiting.operation().endWithErrorReply(waiting.error().getMessage());
    }
  }

  /** This thread's waiting operation, no longer waiting; null if none. */
  private static Redirected take() {
    Redirected waiting = WAITING.get();
    if (waiting != null) {
      WAITING.remove();
      WAITING_THREADS.decrementAndGet();
    }
    return waiting;
  }
}
