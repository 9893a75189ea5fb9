package dev.redlens.project.internal.lettuce;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisAsyncCommandsImpl;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisReactiveCommandsImpl;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.push.PushListener;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * A connection confined to one project. It delegates to a real Lettuce connection, except that
 * every command, from whichever API (sync, async, reactive, {@code dispatch}), passes through
 * {@link #dispatch}, which is where the project's rewriter confines or refuses it. The command APIs
 * are Lettuce's own implementations built on this wrapper (so their commands come back to it), with
 * the {@link ScopedCodec}.
 */
public class ScopedConnection<K, V> implements StatefulRedisConnection<K, V> {

  final StatefulRedisConnection<K, V> delegate;
  final LettuceScoping<K, V> scoping;
  private final RedisAsyncCommands<K, V> async;
  private final RedisCommands<K, V> sync;
  private final RedisReactiveCommands<K, V> reactive;

  ScopedConnection(
      StatefulRedisConnection<K, V> delegate, LettuceScoping<K, V> scoping, boolean pubSub) {
    this.delegate = delegate;
    this.scoping = scoping;
    if (pubSub) {
      this.async = null;
      this.sync = null;
      this.reactive = null;
    } else {
      this.async = new RedisAsyncCommandsImpl<>(this, scoping.codec);
      this.sync = SyncProxy.create(this, async, RedisCommands.class);
      this.reactive = new RedisReactiveCommandsImpl<>(this, scoping.codec);
    }
  }

  /** The project's connection over {@code delegate}. */
  public static <K, V> ScopedConnection<K, V> of(
      StatefulRedisConnection<K, V> delegate, LettuceScope scope) {
    return new ScopedConnection<>(delegate, scope.scoping(delegate), false);
  }

  @Override
  public <T> RedisCommand<K, V, T> dispatch(RedisCommand<K, V, T> command) {
    return scoping.dispatch(delegate, command);
  }

  @Override
  public Collection<RedisCommand<K, V, ?>> dispatch(
      Collection<? extends RedisCommand<K, V, ?>> commands) {
    return scoping.dispatch(delegate, commands);
  }

  @Override
  public boolean isMulti() {
    return delegate.isMulti();
  }

  @Override
  public RedisCommands<K, V> sync() {
    return sync;
  }

  @Override
  public RedisAsyncCommands<K, V> async() {
    return async;
  }

  @Override
  public RedisReactiveCommands<K, V> reactive() {
    return reactive;
  }

  @Override
  public void addListener(PushListener listener) {
    delegate.addListener(listener);
  }

  @Override
  public void removeListener(PushListener listener) {
    delegate.removeListener(listener);
  }

  @Override
  public void addListener(RedisConnectionStateListener listener) {
    delegate.addListener(listener);
  }

  @Override
  public void removeListener(RedisConnectionStateListener listener) {
    delegate.removeListener(listener);
  }

  @Override
  public void setTimeout(Duration timeout) {
    delegate.setTimeout(timeout);
  }

  @Override
  public Duration getTimeout() {
    return delegate.getTimeout();
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public CompletableFuture<Void> closeAsync() {
    return delegate.closeAsync();
  }

  @Override
  public boolean isOpen() {
    return delegate.isOpen();
  }

  @Override
  public ClientOptions getOptions() {
    return delegate.getOptions();
  }

  @Override
  public ClientResources getResources() {
    return delegate.getResources();
  }

  @Override
  public void setAutoFlushCommands(boolean autoFlush) {
    delegate.setAutoFlushCommands(autoFlush);
  }

  @Override
  public void flushCommands() {
    delegate.flushCommands();
  }

  @Override
  public RedisCodec<K, V> getCodec() {
    return scoping.codec.delegate();
  }

  @Override
  public String toString() {
    return "ScopedConnection[project " + scoping.rewriter.projectId() + ", " + delegate + "]";
  }
}
