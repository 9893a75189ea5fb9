package dev.redlens.project.internal.lettuce;

import dev.redlens.core.catalog.CommandArguments;
import dev.redlens.core.instrumentation.ClientScope;
import dev.redlens.lettuce.spi.LettuceCommandArgs;
import dev.redlens.project.internal.Bytes;
import dev.redlens.project.rewrite.KeyspaceRewriter;
import dev.redlens.project.rewrite.ProjectIsolationException;
import dev.redlens.project.rewrite.RewrittenCommand;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.CommandArgs;
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
 * un-prefixing, and send it as a {@link ScopedCommand}, which Redlens's Lettuce hook records with
 * the project when the client's resources are observed ({@code LettuceTelemetry#configure}). A
 * command refused inside MULTI discards the transaction at EXEC, as the server does with a command
 * it rejects while queueing.
 */
final class LettuceScoping<K, V> {

  final KeyspaceRewriter rewriter;
  final ScopedCodec<K, V> codec;
  private final byte[] prefix;
  private final ClientScope telemetry;
  private volatile String refusedInTransaction;

  LettuceScoping(
      KeyspaceRewriter rewriter,
      RedisCodec<K, V> codec,
      StatefulRedisConnection<K, V> delegate,
      ClientScope telemetry) {
    this.rewriter = rewriter;
    this.codec = new ScopedCodec<>(codec, rewriter.keyPrefix());
    this.prefix = rewriter.keyPrefix();
    this.telemetry = telemetry;
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
    RewrittenCommand rewritten =
        rewriter.rewrite(name, LettuceCommandArgs.bytes(command.getArgs()));
    if (rewritten.replyHasKeys()) {
      CommandOutput<K, V, T> output = command.getOutput();
      if (output != null && !(output instanceof PubSubOutput)) {
        command.setOutput(KeyStrippingOutput.wrap(codec, output));
      }
    }
    return new ScopedCommand<>(command, routedArgs(rewritten.arguments()), rewriter.projectId());
  }

  /**
   * The rewritten arguments, with the first one in the project's namespace marked as the command's
   * key. A Lettuce cluster connection routes a command by its first key: marked this way, every
   * command that names the project's keyspace (keys, and the MATCH pattern of KEYS/SCAN) goes to
   * the node of the project's one slot (the hash tag in the prefix), and follows MOVED/ASK there.
   * On one node the marking changes nothing: keys and values encode alike.
   */
  private CommandArgs<K, V> routedArgs(List<byte[]> arguments) {
    int key = -1;
    for (int i = 0; i < arguments.size() && key < 0; i++) {
      if (Bytes.startsWith(arguments.get(i), prefix)) {
        key = i;
      }
    }
    if (key < 0) {
      return LettuceCommandArgs.of(arguments);
    }
    @SuppressWarnings({"unchecked", "rawtypes"})
    CommandArgs<byte[], byte[]> args = new CommandArgs<>(ByteArrayCodec.INSTANCE);
    for (int i = 0; i < arguments.size(); i++) {
      if (i == key) {
        args.addKey(arguments.get(i));
      } else {
        args.add(arguments.get(i));
      }
    }
    @SuppressWarnings({"unchecked", "rawtypes"})
    CommandArgs<K, V> typed = (CommandArgs) args;
    return typed;
  }

  private <T> RedisCommand<K, V, T> send(
      StatefulRedisConnection<K, V> delegate, RedisCommand<K, V, T> command) {
    return delegate.dispatch(command);
  }

  /** The command's arguments as sent by the caller (a refused subcommand is named by them). */
  private static CommandArguments arguments(RedisCommand<?, ?, ?> command) {
    try {
      return CommandArguments.of(
          LettuceCommandArgs.bytes(command.getArgs()).stream()
              .map(b -> new String(b, StandardCharsets.UTF_8))
              .toArray(String[]::new));
    } catch (RuntimeException e) {
      return CommandArguments.EMPTY;
    }
  }

  private void refuse(RedisCommand<K, V, ?> command, String name, ProjectIsolationException e) {
    if (telemetry != null) {
      try {
        telemetry.start(name, arguments(command)).endWithException(e);
      } catch (RuntimeException ignored) {
        // telemetry never fails a command
      }
    }
    command.completeExceptionally(e);
  }
}
