package dev.redlens.jedis.internal;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.core.instrumentation.ClientScope;
import dev.redlens.core.instrumentation.OnceLogger;
import dev.redlens.core.instrumentation.RedisOperation;
import dev.redlens.core.pool.ConnectionErrorClassifier;
import dev.redlens.core.pool.ConnectionErrorType;
import dev.redlens.core.pool.PoolRegistration;
import dev.redlens.jedis.spi.ConnectionHook;
import io.opentelemetry.api.common.Attributes;
import java.util.List;
import java.util.function.Supplier;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * What the connections of one instrumented client share: the telemetry scope of their server and
 * database (built once per client, so starting a command only looks up its cached binding), the
 * bound of pending replies per connection, the registration of the client's pool (pooled clients),
 * and the log-once warnings. Thread-safe.
 */
public final class ConnectionTelemetry {

  private static final OnceLogger LOG = new OnceLogger(ConnectionTelemetry.class);

  private final ClientScope scope;
  private final int maxPendingReplies;
  private final Supplier<? extends ConnectionHook> hooks;
  private volatile PoolRegistration pool;

  /**
   * @param hooks makes the {@link ConnectionHook} of each connection; null for none
   */
  public ConnectionTelemetry(
      ClientScope scope, int maxPendingReplies, Supplier<? extends ConnectionHook> hooks) {
    this.scope = scope;
    this.maxPendingReplies = maxPendingReplies;
    this.hooks = hooks;
  }

  /** The scope of {@code hostAndPort} and the database of {@code config}. */
  public static ClientScope scope(
      RedisTelemetry telemetry, HostAndPort hostAndPort, JedisClientConfig config) {
    return telemetry.scope(hostAndPort.getHost(), hostAndPort.getPort(), config.getDatabase());
  }

  ClientScope scope() {
    return scope;
  }

  int maxPendingReplies() {
    return maxPendingReplies;
  }

  /**
   * Starts the operation of a command named {@code name} written by the current thread to a
   * connection described by {@code connection} (its peer), reading its arguments through the
   * connection's {@code adapter}.
   */
  RedisOperation start(
      String name, CommandArguments args, JedisArguments adapter, Attributes connection) {
    try {
      // parent null: the caller's current context, looked up only if a span may start
      return scope.start(name, adapter.reset(args), null, connection);
    } finally {
      adapter.reset(null);
    }
  }

  /**
   * Ends the operation of a reply: with the error reply or failure, or with the reply by the kind
   * of its command ({@link PendingReplies}); null (untracked) is ignored. Never throws.
   */
  void end(RedisOperation operation, byte kind, Object reply, RuntimeException error) {
    if (operation == null) {
      return;
    }
    try {
      if (error instanceof JedisDataException) {
        operation.endWithErrorReply(error.getMessage());
        return;
      }
      if (error != null) {
        operation.endWithException(error);
        return;
      }
      switch (kind) {
        case PendingReplies.QUEUED:
          operation.endWithCacheResult(0, 0); // QUEUED says nothing about the value
          break;
        case PendingReplies.EXEC:
          operation.setBatchSize(reply instanceof List<?> results ? results.size() : 0);
          operation.end(reply);
          break;
        default:
          operation.end(reply);
      }
    } catch (Throwable e) {
      warnFailure(e);
    }
  }

  /** Counts a cluster redirection ({@code moved}, {@code ask}) this client's node answered. */
  void recordRedirection(String kind) {
    try {
      scope.recordRedirection(kind);
    } catch (Throwable e) {
      warnFailure(e);
    }
  }

  /** The hook of a new connection, or null when the client has none. */
  ConnectionHook newHook() {
    return hooks == null ? null : hooks.get();
  }

  /**
   * Records a command that failed before it could be written (no connection could be had or made)
   * as an operation that ended with {@code error}, as Lettuce reports a command it rejects. Never
   * throws.
   */
  public void recordUnsent(CommandArguments args, Throwable error) {
    if (args != null) {
      recordUnsent(CommandNames.of(args.getCommand()), args, error);
    }
  }

  /** {@link #recordUnsent(CommandArguments, Throwable)} of a command named {@code name}. */
  void recordUnsent(String name, CommandArguments args, Throwable error) {
    try {
      // rare: no adapter to reuse, and no connection to describe
      start(name, args, new JedisArguments(), Attributes.empty()).endWithException(error);
    } catch (Throwable e) {
      warnFailure(e);
    }
  }

  /**
   * Binds the registration of the client's pool: connections found dead in use are counted on it.
   */
  void bindPool(PoolRegistration registration) {
    this.pool = registration;
  }

  /**
   * A pooled connection broke while in use: counted once per connection as a {@code closed}
   * connection error of its pool when the failure says the connection was closed, reset or ended (a
   * server restart, an idle connection the server dropped). Socket timeouts of commands are
   * operation errors, not pool errors. Never throws.
   */
  void connectionBroken(Throwable error) {
    PoolRegistration registration = pool;
    if (registration == null) {
      return;
    }
    try {
      if (ConnectionErrorClassifier.standard().classify(error) == ConnectionErrorType.CLOSED) {
        registration.recordConnectionError(ConnectionErrorType.CLOSED);
      }
    } catch (Throwable e) {
      warnFailure(e);
    }
  }

  void warnFailure(Throwable e) {
    LOG.warnOnce("record", "Redlens could not record a Jedis command", e);
  }

  void warnOverflow() {
    LOG.warnOnce(
        "overflow",
        "Redlens: more than "
            + maxPendingReplies
            + " commands of one Jedis connection await their replies (a deep pipeline); the commands"
            + " past that bound are sent without telemetry",
        null);
  }
}
