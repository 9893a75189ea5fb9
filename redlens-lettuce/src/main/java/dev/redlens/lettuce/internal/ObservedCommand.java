package dev.redlens.lettuce.internal;

import dev.redlens.core.catalog.CommandArguments;
import dev.redlens.core.instrumentation.RedisOperation;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandWrapper;
import io.lettuce.core.protocol.DemandAware;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.protocol.TransactionalCommand;
import java.lang.ref.WeakReference;
import java.util.concurrent.CancellationException;
import java.util.function.BiConsumer;

/**
 * One command's operation, as Lettuce's {@code CommandHandler} holds the command on its stack: when
 * the reply has been decoded, the operation ends and only then is the command completed, so the
 * span and the metric points are recorded before the caller sees the reply. One object per command
 * does everything Redlens needs of it (40 bytes): it wraps the command, holds the operation, hands
 * the command's arguments to the operation's start ({@link CommandArguments}, decoded only if read)
 * and watches the caller's future ({@link BiConsumer}, registered with {@code whenComplete}): when
 * the caller stops waiting (the sync API's timeout cancels the future, {@code cancel()} does) or
 * the future fails without a reply (a command expiry), the operation ends at that moment, as {@code
 * timeout}, {@code cancelled} or the failure; a reply that comes later is ignored.
 *
 * <p>A cluster redirection ({@code MOVED}, {@code ASK}) does not end it: the redirection is counted
 * on this node and the operation parked ({@link Parked}) until Lettuce writes the command to the
 * node it was sent on to, where a new wrapper takes it up; the first wrapper, which watches the
 * caller's future, follows the operation to its new node.
 */
final class ObservedCommand<K, V, T> extends CommandWrapper<K, V, T>
    implements DemandAware.Sink, BiConsumer<Object, Throwable>, CommandArguments {

  /** The wrapper of the command's first write (which watches the caller), or null if this is it. */
  private final ObservedCommand<?, ?, ?> origin;

  private volatile CommandObserver node;
  private volatile RedisOperation operation;
  private volatile boolean parked; // (on the first wrapper) between two nodes of a redirection
  private LettuceArguments arguments; // only when the operation's start reads an argument

  ObservedCommand(RedisCommand<K, V, T> command, CommandObserver node) {
    this(command, node, null);
  }

  private ObservedCommand(
      RedisCommand<K, V, T> command, CommandObserver node, ObservedCommand<?, ?, ?> origin) {
    super(command);
    this.node = node;
    this.origin = origin;
  }

  /** The operation started with this command's arguments; set once, right after the start. */
  void observe(RedisOperation operation) {
    this.operation = operation;
  }

  /** Written again, on another connection (Lettuce re-sends queued commands after a reconnect). */
  void moveTo(CommandObserver other) {
    node = other;
    first().parked = false;
    RedisOperation moved = operation.redirectTo(other.currentScope());
    if (moved != operation) {
      follow(moved);
      other.describePeer(moved.span());
    }
  }

  private void follow(RedisOperation moved) {
    operation = moved;
    if (origin != null) {
      origin.operation = moved; // so that the caller's timeout or cancellation still ends it
    }
  }

  private ObservedCommand<?, ?, ?> first() {
    return origin == null ? this : origin;
  }

  // ---- the arguments, for the operation's start (CommandArguments)

  @Override
  public int size() {
    CommandArgs<K, V> args = getArgs();
    return args == null ? 0 : args.count();
  }

  @Override
  public String get(int index) {
    LettuceArguments decoded = arguments;
    if (decoded == null) {
      decoded = new LettuceArguments(getArgs());
      arguments = decoded;
    }
    return decoded.get(index);
  }

  /**
   * The wrapped command's hash: every Lettuce wrapper hashes as the command innermost (a wrapper
   * and its command are one entry in Lettuce's stack), and asking the wrapped command directly
   * saves walking this layer on each of the four look-ups the stack makes per command.
   */
  @Override
  public int hashCode() {
    return command.hashCode();
  }

  @Override
  public boolean equals(Object other) {
    return super.equals(other); // as every Lettuce wrapper: the same innermost command
  }

  // Lettuce's CommandHandler pauses reading for a reactive stream without demand when the command
  // on its stack is a Sink (RedisPublisher's): pass that through, so backpressure still works.

  @Override
  public boolean hasDemand() {
    return !(command instanceof DemandAware.Sink sink) || sink.hasDemand();
  }

  @Override
  public void setSource(DemandAware.Source source) {
    if (command instanceof DemandAware.Sink sink) {
      sink.setSource(source);
    }
  }

  @Override
  public void removeSource() {
    if (command instanceof DemandAware.Sink sink) {
      sink.removeSource();
    }
  }

  // ---- the command's end, as Lettuce's CommandHandler reports it

  @Override
  public void complete() {
    String redirection = Redirections.of(command);
    if (redirection != null) {
      redirect(redirection);
      return;
    }
    try {
      finish();
    } catch (Throwable e) {
      node.hook.warnOnce(e);
    }
    super.complete();
  }

  private void redirect(String kind) {
    LettuceHook hook = node.hook;
    try {
      node.currentScope().recordRedirection(kind);
      ObservedCommand<?, ?, ?> first = first();
      first.parked = true;
      hook.park(command, new Parked(operation, new WeakReference<>(first)));
    } catch (Throwable e) {
      hook.warnOnce(e);
    }
    // Lettuce writes the command to the next node, or completes it when out of redirections
    super.complete();
    if (command.isDone() && hook.unpark(command) != null) {
      finish();
    }
  }

  /** The reply has been decoded: ends with it (error reply, transaction, value). */
  private void finish() {
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

  @Override
  public boolean completeExceptionally(Throwable throwable) {
    try {
      fail(throwable);
    } catch (Throwable e) {
      node.hook.warnOnce(e);
    }
    return super.completeExceptionally(throwable);
  }

  @Override
  public void cancel() {
    try {
      fail(new CancellationException("Command cancelled by Lettuce"));
    } catch (Throwable e) {
      node.hook.warnOnce(e);
    }
    super.cancel();
  }

  private void fail(Throwable cause) {
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

  // ---- the caller's future

  /**
   * The caller's future completed (normally this runs after {@link #complete()}, and does nothing).
   */
  @Override
  public void accept(Object reply, Throwable error) {
    try {
      if (parked) {
        parked = false;
        node.hook.unpark(command);
      }
      RedisOperation current = operation;
      if (current == null || current.isEnded()) {
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
      node.hook.warnOnce(e);
    }
  }

  /**
   * A command's operation between the node that answered {@code MOVED} or {@code ASK} and the node
   * Lettuce writes it to next (rare: allocated only then). The first wrapper is held weakly: it
   * holds the command, which is the key of the weak map this waits in.
   */
  record Parked(RedisOperation operation, WeakReference<ObservedCommand<?, ?, ?>> origin) {

    /** Taken up by {@code node}: a new wrapper of {@code command} with the same operation. */
    <K, V, T> ObservedCommand<K, V, T> resume(RedisCommand<K, V, T> command, CommandObserver node) {
      ObservedCommand<?, ?, ?> first = origin.get();
      ObservedCommand<K, V, T> next = new ObservedCommand<>(command, node, first);
      next.operation = operation;
      next.moveTo(node);
      return next;
    }
  }
}
