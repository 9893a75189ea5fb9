package dev.redlens.project.internal.lettuce;

import io.lettuce.core.CommandListenerWriter;
import io.lettuce.core.RedisChannelWriter;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.protocol.ConnectionFacade;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.resource.ClientResources;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link RedisChannelWriter} that dispatches through a connection, so that Lettuce's own {@link
 * CommandListenerWriter} can notify a project-scoped command listener of the commands of one scoped
 * connection only (Lettuce's listeners are otherwise per client).
 */
final class DispatchWriter implements RedisChannelWriter {

  private final StatefulRedisConnection<?, ?> connection;

  private DispatchWriter(StatefulRedisConnection<?, ?> connection) {
    this.connection = connection;
  }

  static RedisChannelWriter withListener(
      StatefulRedisConnection<?, ?> connection, CommandListener listener) {
    return new CommandListenerWriter(new DispatchWriter(connection), List.of(listener));
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public <K, V, T> RedisCommand<K, V, T> write(RedisCommand<K, V, T> command) {
    return ((StatefulRedisConnection) connection).dispatch(command);
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public <K, V> Collection<RedisCommand<K, V, ?>> write(
      Collection<? extends RedisCommand<K, V, ?>> commands) {
    return ((StatefulRedisConnection) connection).dispatch(commands);
  }

  @Override
  public void close() {}

  @Override
  public CompletableFuture<Void> closeAsync() {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void setConnectionFacade(ConnectionFacade connection) {}

  @Override
  public void setAutoFlushCommands(boolean autoFlush) {}

  @Override
  public void flushCommands() {}

  @Override
  public ClientResources getClientResources() {
    return connection.getResources();
  }
}
