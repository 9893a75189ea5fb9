package dev.redlens.project.internal.lettuce;

import dev.redlens.core.catalog.CommandArguments;
import dev.redlens.core.instrumentation.ClientScope;
import dev.redlens.lettuce.internal.TelemetryCommandListener;
import dev.redlens.project.KeyspaceRewriter;
import dev.redlens.project.ProjectIsolationException;
import dev.redlens.project.RewrittenCommand;
import io.lettuce.core.RedisChannelWriter;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.pubsub.PubSubOutput;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What every scoped Lettuce connection does with a command: rewrite it through the project's
 * rewriter (or refuse it: the caller's command completes exceptionally with the {@link
 * ProjectIsolationException} and nothing reaches the server), mark key-bearing replies for
 * un-prefixing, and send it, through a command listener of the project's telemetry scope when there
 * is one. A command refused inside MULTI discards the transaction at EXEC, as the server does with
 * a command it rejects while queueing.
 */
final class LettuceScoping<K, V> {

  final KeyspaceRewriter rewriter;
  final ScopedCodec<K, V> codec;
  private final ClientScope telemetry;
  private final RedisChannelWriter writer;
  private volatile String refusedInTransaction;

  LettuceScoping(
      KeyspaceRewriter rewriter,
      RedisCodec<K, V> codec,
      StatefulRedisConnection<K, V> delegate,
      ClientScope telemetry,
      TelemetryCommandListener listener) {
    this.rewriter = rewriter;
    this.codec = new ScopedCodec<>(codec, rewriter.keyPrefix());
    this.telemetry = telemetry;
    this.writer = listener == null ? null : DispatchWriter.withListener(delegate, listener);
  }

  <T> RedisCommand<K, V, T> dispatch(
      StatefulRedisConnection<K, V> delegate, RedisCommand<K, V, T> command) {
    String name = new String(command.getType().getBytes(), StandardCharsets.UTF_8);
    if (name.equalsIgnoreCase("EXEC") && refusedInTransaction != null) {
      String refused = refusedInTransaction;
      refusedInTransaction = null;
      send(
          delegate,
          new io.lettuce.core.protocol.Command<>(
              CommandType.DISCARD, new io.lettuce.core.output.StatusOutput<>(codec.delegate())));
      refuse(
          command,
          name,
          new ProjectIsolationException(
              "EXEC",
              rewriter.projectId(),
              "the transaction was discarded because a command in it was refused ("
                  + refused
                  + ")"));
      return command;
    }
    if (name.equalsIgnoreCase("MULTI") || name.equalsIgnoreCase("DISCARD")) {
      refusedInTransaction = null;
    }
    RedisCommand<K, V, T> scoped;
    try {
      scoped = scope(name, command);
    } catch (ProjectIsolationException e) {
      if (delegate.isMulti()) {
        refusedInTransaction = e.command();
      }
      refuse(command, name, e);
      return command;
    } catch (RuntimeException e) {
      refuse(
          command,
          name,
          new ProjectIsolationException(
              name.toUpperCase(java.util.Locale.ROOT),
              rewriter.projectId(),
              "its arguments could not be read (" + e + ")"));
      return command;
    }
    return send(delegate, scoped);
  }

  Collection<RedisCommand<K, V, ?>> dispatch(
      StatefulRedisConnection<K, V> delegate,
      Collection<? extends RedisCommand<K, V, ?>> commands) {
    List<RedisCommand<K, V, ?>> out = new ArrayList<>(commands.size());
    for (RedisCommand<K, V, ?> command : commands) {
      out.add(dispatch(delegate, command));
    }
    return out;
  }

  private <T> RedisCommand<K, V, T> scope(String name, RedisCommand<K, V, T> command) {
    RewrittenCommand rewritten = rewriter.rewrite(name, LettuceArgs.bytes(command.getArgs()));
    if (rewritten.replyHasKeys()) {
      CommandOutput<K, V, T> output = command.getOutput();
      if (output != null && !(output instanceof PubSubOutput)) {
        command.setOutput(KeyStrippingOutput.wrap(codec, output));
      }
    }
    return new ScopedCommand<>(command, LettuceArgs.of(rewritten.arguments()));
  }

  private <T> RedisCommand<K, V, T> send(
      StatefulRedisConnection<K, V> delegate, RedisCommand<K, V, T> command) {
    return writer != null ? writer.write(command) : delegate.dispatch(command);
  }

  private void refuse(RedisCommand<K, V, ?> command, String name, ProjectIsolationException e) {
    if (telemetry != null) {
      try {
        telemetry.start(name, CommandArguments.EMPTY).endWithException(e);
      } catch (RuntimeException ignored) {
        // telemetry never fails a command
      }
    }
    command.completeExceptionally(e);
  }
}
