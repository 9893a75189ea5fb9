package dev.redlens.service.internal.redis;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One node's reply to an administrative command sent to every node ({@link
 * RedisConnector#onEveryNode}): the node, its role, the reply or what went wrong, and how long it
 * took.
 *
 * @param node {@code host:port} (a Unix socket: its path)
 * @param role {@code master}, {@code replica}, or {@code standalone}
 * @param reply the reply, or null when the command failed
 * @param error the failure in the service's words, or null
 * @param latencyMs from sending to the reply or failure
 * @param failure the failure as the service treats it (for rethrowing), or null
 */
public record NodeReply<T>(
    String node,
    String address,
    int port,
    String role,
    @JsonIgnore T reply,
    String error,
    double latencyMs,
    @JsonIgnore RuntimeException failure) {

  /** Whether the node answered. */
  public boolean ok() {
    return failure == null;
  }

  /** Whether the node is a master (or the only server). */
  public boolean isMaster() {
    return !AdminNodes.REPLICA.equals(role);
  }

  /** The reply, or the failure thrown. */
  public T orThrow() {
    if (failure != null) {
      throw failure;
    }
    return reply;
  }

  static <T> List<NodeReply<T>> collect(
      List<AdminNodes.Node> nodes,
      Function<AdminNodes.Node, StatefulRedisConnection<String, String>> connections,
      Function<RedisAsyncCommands<String, String>, RedisFuture<T>> command,
      BiFunction<String, RuntimeException, RuntimeException> failures,
      Duration timeout) {
    record Timed<T>(T reply, Throwable failure, long endNanos) {}
    long start = System.nanoTime();
    List<java.util.concurrent.CompletableFuture<Timed<T>>> sent = new ArrayList<>(nodes.size());
    List<RuntimeException> notSent = new ArrayList<>(nodes.size());
    for (AdminNodes.Node node : nodes) {
      try {
        sent.add(
            command
                .apply(connections.apply(node).async())
                .toCompletableFuture()
                .handle((reply, failure) -> new Timed<>(reply, failure, System.nanoTime())));
        notSent.add(null);
      } catch (RuntimeException e) {
        sent.add(null);
        notSent.add(e);
      }
    }
    // each reply is waited for the operation timeout after the last command was sent (Lettuce's
    // own command timeout, the same, normally ends it first); connecting is bounded on its own
    long deadline = System.nanoTime() + timeout.toNanos();
    List<NodeReply<T>> replies = new ArrayList<>(nodes.size());
    for (int i = 0; i < nodes.size(); i++) {
      AdminNodes.Node node = nodes.get(i);
      String where = AdminNodes.display(node);
      RuntimeException failure = notSent.get(i);
      T reply = null;
      long end = System.nanoTime();
      if (failure == null) {
        try {
          Timed<T> timed =
              sent.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          reply = timed.reply();
          end = timed.endNanos();
          if (timed.failure() != null) {
            Throwable cause = unwrap(timed.failure());
            failure = cause instanceof RuntimeException r ? r : new RedisException(cause);
          }
        } catch (ExecutionException e) {
          failure = new RedisException(e.getCause());
        } catch (TimeoutException e) {
          failure = new RedisCommandTimeoutException("no reply within " + timeout);
          end = System.nanoTime();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          failure = new RedisException(e);
        }
      }
      if (failure != null) {
        failure = failures.apply(where, failure);
      }
      replies.add(
          new NodeReply<>(
              node.key(),
              node.address(),
              node.port(),
              node.role(),
              reply,
              failure == null ? null : describe(where, failure),
              (end - start) / 1e6,
              failure));
    }
    return replies;
  }

  private static Throwable unwrap(Throwable t) {
    return t instanceof java.util.concurrent.CompletionException && t.getCause() != null
        ? t.getCause()
        : t;
  }

  private static String describe(String where, RuntimeException failure) {
    return failure instanceof RedisUnavailableException
        ? failure.getMessage()
        : RedisFailures.describe(where, failure);
  }
}
