package dev.redlens.lettuce.internal;

import dev.redlens.core.instrumentation.RedisOperation;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.CommandWrapper;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.protocol.TransactionalCommand;
import java.lang.ref.WeakReference;
import java.util.concurrent.CancellationException;
import java.util.function.BiConsumer;

/**
 * One command's operation from its first write to its end, across cluster redirections and
 * reconnects. Also watches the caller's future: when the caller stops waiting (the sync API's
 * timeout cancels it, {@code cancel()} does) or the future fails without a reply (a command expiry,
 * a closed connection), the operation ends at that moment, as {@code timeout}, {@code cancelled} or
 * the failure; the reply that may come later is then ignored.
 */
final class Flight implements BiConsumer<Object, Throwable> {

  private final LettuceHook hook;
  private volatile RedisOperation operation;
  private volatile WeakReference<Object> parkedOn; // weak: the key of a weak map

  Flight(RedisOperation operation, LettuceHook hook) {
    this.operation = operation;
    this.hook = hook;
  }

  /** Now served by {@code node}: its server on the span, its scope for the metrics. */
  void moveTo(CommandObserver node) {
    parkedOn = null;
    RedisOperation moved = operation.redirectTo(node.currentScope());
    if (moved != operation) {
      operation = moved;
      node.describePeer(moved.span());
    }
  }

  void parkOn(Object command) {
    parkedOn = new WeakReference<>(command);
    hook.park(command, this);
  }

  /** The reply has been decoded: ends with it (error reply, transaction, value). */
  void finish(RedisCommand<?, ?, ?> command) {
    RedisOperation current = operation;
    if (current.isEnded()) {
      return;
    }
    CommandOutput<?, ?, ?> output = command.getOutput();
    if (output == null) {
      current.end(null);
      return;
    }
    String error = output.getError();
    if (error != null) {
      current.endWithErrorReply(error);
      return;
    }
    if (CommandWrapper.unwrap(command, TransactionalCommand.class) != null) {
      // inside MULTI the server answered QUEUED: no value yet, so no hit or miss (as Jedis)
      current.endWithCacheResult(0, 0);
      return;
    }
    Object reply = output.get();
    if (reply instanceof TransactionResult transaction) {
      current.setBatchSize(transaction.size());
    }
    current.end(reply);
  }

  void fail(Throwable cause) {
    RedisOperation current = operation;
    if (current.isEnded()) {
      return;
    }
    if (cause instanceof RedisCommandExecutionException) {
      // an error reply of the server (Lettuce also sets output errors for cancellations)
      current.endWithErrorReply(cause.getMessage());
    } else {
      current.endWithException(cause);
    }
  }

  /** The caller's future completed (normally this runs after {@link #finish}, and does nothing). */
  @Override
  public void accept(Object reply, Throwable error) {
    try {
      WeakReference<Object> parked = parkedOn;
      Object command = parked == null ? null : parked.get();
      if (command != null) {
        hook.unpark(command);
      }
      RedisOperation current = operation;
      if (current.isEnded()) {
        return;
      }
      if (error == null) {
        current.end(reply);
      } else if (error instanceof CancellationException) {
        current.endWithException(
            CallerCancellation.bySyncTimeout()
                ? new RedisCommandTimeoutException("Command timed out (Lettuce sync API)")
                : error);
      } else {
        fail(error);
      }
    } catch (Throwable e) {
      hook.warnOnce(e);
    }
  }
}
