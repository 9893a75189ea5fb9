package dev.redlens.lettuce.internal;

import io.lettuce.core.protocol.CommandWrapper;
import io.lettuce.core.protocol.DemandAware;
import io.lettuce.core.protocol.RedisCommand;
import java.util.concurrent.CancellationException;

/**
 * The command as Lettuce's {@code CommandHandler} holds it on its stack: when the reply has been
 * decoded, the operation ends ({@link Flight#finish}) and only then is the command completed, so
 * the span and the metric points are recorded before the caller sees the reply. A cluster
 * redirection ({@code MOVED}, {@code ASK}) does not end it: the redirection is counted on this node
 * and the operation parked until Lettuce writes the command to the node it was sent on to.
 */
final class ObservedCommand<K, V, T> extends CommandWrapper<K, V, T> implements DemandAware.Sink {

  private final Flight flight;
  private volatile CommandObserver node;

  ObservedCommand(RedisCommand<K, V, T> command, Flight flight, CommandObserver node) {
    super(command);
    this.flight = flight;
    this.node = node;
  }

  /** Written again, on another connection (Lettuce re-sends queued commands after a reconnect). */
  void moveTo(CommandObserver other) {
    node = other;
    flight.moveTo(other);
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

  @Override
  public void complete() {
    String redirection = Redirections.of(command);
    if (redirection != null) {
      redirect(redirection);
      return;
    }
    try {
      flight.finish(command);
    } catch (Throwable e) {
      node.hook.warnOnce(e);
    }
    super.complete();
  }

  private void redirect(String kind) {
    LettuceHook hook = node.hook;
    try {
      node.currentScope().recordRedirection(kind);
      flight.parkOn(command);
    } catch (Throwable e) {
      hook.warnOnce(e);
    }
    // Lettuce writes the command to the next node, or completes it when out of redirections
    super.complete();
    if (command.isDone()) {
      Flight parked = hook.unpark(command);
      if (parked != null) {
        parked.finish(command);
      }
    }
  }

  @Override
  public boolean completeExceptionally(Throwable throwable) {
    try {
      flight.fail(throwable);
    } catch (Throwable e) {
      node.hook.warnOnce(e);
    }
    return super.completeExceptionally(throwable);
  }

  @Override
  public void cancel() {
    try {
      flight.fail(new CancellationException("Command cancelled by Lettuce"));
    } catch (Throwable e) {
      node.hook.warnOnce(e);
    }
    super.cancel();
  }
}
