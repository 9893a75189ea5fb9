package dev.redlens.project.internal.lettuce;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.push.PushListener;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * A cluster connection seen as one connection, for {@link ScopedConnection}: a project's keys live
 * in one slot, so the project needs one connection's API, and the cluster connection's {@code
 * dispatch} routes each command to the node of its first key's slot and follows {@code MOVED} and
 * {@code ASK} (see {@code LettuceScoping#routedArgs}). The command APIs are never used: the scoped
 * connection builds its own on {@code dispatch}. Lettuce's cluster-wide command implementations
 * (KEYS and SCAN over every node, DEL/MGET split by slot) are not used either: they would fan a
 * project's command out to nodes that cannot hold its keys.
 */
final class ClusterConnectionAdapter<K, V> implements StatefulRedisConnection<K, V> {

  private final StatefulRedisClusterConnection<K, V> cluster;

  ClusterConnectionAdapter(StatefulRedisClusterConnection<K, V> cluster) {
    this.cluster = cluster;
  }

  @Override
  public <T> RedisCommand<K, V, T> dispatch(RedisCommand<K, V, T> command) {
    return cluster.dispatch(command);
  }

  @Override
  public Collection<RedisCommand<K, V, ?>> dispatch(
      Collection<? extends RedisCommand<K, V, ?>> commands) {
    return cluster.dispatch(commands);
  }

  /** Transactions are not followed across a cluster connection's node connections. */
  @Override
  public boolean isMulti() {
    return false;
  }

  @Override
  public RedisCommands<K, V> sync() {
    throw new UnsupportedOperationException("only dispatch");
  }

  @Override
  public RedisAsyncCommands<K, V> async() {
    throw new UnsupportedOperationException("only dispatch");
  }

  @Override
  public RedisReactiveCommands<K, V> reactive() {
    throw new UnsupportedOperationException("only dispatch");
  }

  /** A project's push messages (RESP3) are its pub/sub and tracking: not offered on a cluster. */
  @Override
  public void addListener(PushListener listener) {
    throw new UnsupportedOperationException(
        "Push listeners are not supported on a project's cluster connection");
  }

  @Override
  public void removeListener(PushListener listener) {
    throw new UnsupportedOperationException(
        "Push listeners are not supported on a project's cluster connection");
  }

  @Override
  public void addListener(RedisConnectionStateListener listener) {
    cluster.addListener(listener);
  }

  @Override
  public void removeListener(RedisConnectionStateListener listener) {
    cluster.removeListener(listener);
  }

  @Override
  public void setTimeout(Duration timeout) {
    cluster.setTimeout(timeout);
  }

  @Override
  public Duration getTimeout() {
    return cluster.getTimeout();
  }

  @Override
  public void close() {
    cluster.close();
  }

  @Override
  public CompletableFuture<Void> closeAsync() {
    return cluster.closeAsync();
  }

  @Override
  public boolean isOpen() {
    return cluster.isOpen();
  }

  @Override
  public ClientOptions getOptions() {
    return cluster.getOptions();
  }

  @Override
  public ClientResources getResources() {
    return cluster.getResources();
  }

  @Override
  public void setAutoFlushCommands(boolean autoFlush) {
    cluster.setAutoFlushCommands(autoFlush);
  }

  @Override
  public void flushCommands() {
    cluster.flushCommands();
  }

  @Override
  public RedisCodec<K, V> getCodec() {
    return cluster.getCodec();
  }

  @Override
  public String toString() {
    return cluster.toString();
  }
}
