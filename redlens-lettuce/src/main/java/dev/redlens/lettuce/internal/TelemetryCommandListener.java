package dev.redlens.lettuce.internal;

import dev.redlens.core.instrumentation.ClientScope;
import dev.redlens.core.instrumentation.OnceLogger;
import dev.redlens.core.instrumentation.RedisOperation;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.event.command.CommandFailedEvent;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import io.lettuce.core.event.command.CommandSucceededEvent;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.protocol.TransactionalCommand;
import java.util.concurrent.CompletableFuture;

/**
 * Turns Lettuce's command events into Redlens operations. {@code commandStarted} runs on the
 * caller's thread (so the span's parent is the caller's current context); the operation travels in
 * the event's context map, which belongs to the command: a command that never completes leaves
 * nothing behind. Lettuce reports failures of commands when a connection closes; a caller's
 * cancellation, including the sync API's timeout, is caught by {@link CallerCancellation} at the
 * moment it happens. So every span ends. Never throws into Lettuce.
 */
public final class TelemetryCommandListener implements CommandListener {

  private static final OnceLogger LOG = new OnceLogger(TelemetryCommandListener.class);
  private static final String OPERATION = "dev.redlens.operation";

  private final ClientScope scope;
  private final CommandLearner learner;

  public TelemetryCommandListener(ClientScope scope, CommandLearner learner) {
    this.scope = scope;
    this.learner = learner;
  }

  @Override
  public void commandStarted(CommandStartedEvent event) {
    try {
      RedisCommand<Object, Object, Object> command = event.getCommand();
      String name = command.getType().toString();
      RedisOperation operation = scope.start(name, LettuceArguments.of(command.getArgs()));
      event.getContext().put(OPERATION, operation);
      if (command instanceof CompletableFuture<?> callerFuture) {
        // the async/sync APIs' AsyncCommand: see CallerCancellation
        callerFuture.whenComplete(new CallerCancellation(operation));
      }
      if (!operation.isKnownCommand()) {
        learner.learn(name);
      }
    } catch (Throwable e) {
      warnOnce(e);
    }
  }

  @Override
  public void commandSucceeded(CommandSucceededEvent event) {
    try {
      RedisOperation operation = (RedisOperation) event.getContext().get(OPERATION);
      if (operation == null) {
        return;
      }
      CommandOutput<Object, Object, Object> output = event.getCommand().getOutput();
      if (output == null) {
        operation.end(null);
        return;
      }
      String error = output.getError();
      if (error != null) {
        operation.endWithErrorReply(error);
        return;
      }
      if (event.getCommand() instanceof TransactionalCommand<?, ?, ?>) {
        // inside MULTI the server answered QUEUED: the output holds no value yet, so no hit or miss
        // (as Jedis)
        operation.endWithCacheResult(0, 0);
        return;
      }
      Object reply = output.get();
      if (reply instanceof TransactionResult transaction) {
        operation.setBatchSize(transaction.size());
      }
      operation.end(reply);
    } catch (Throwable e) {
      warnOnce(e);
    }
  }

  @Override
  public void commandFailed(CommandFailedEvent event) {
    try {
      RedisOperation operation = (RedisOperation) event.getContext().get(OPERATION);
      if (operation == null) {
        return;
      }
      Throwable cause = event.getCause();
      if (cause instanceof RedisCommandExecutionException) {
        // an error reply of the server (Lettuce also sets output errors for cancellations, so go by
        // type)
        operation.endWithErrorReply(cause.getMessage());
      } else {
        operation.endWithException(cause);
      }
    } catch (Throwable e) {
      warnOnce(e);
    }
  }

  private void warnOnce(Throwable e) {
    LOG.warnOnce("record", "Redlens could not record a Lettuce command", e);
  }
}
