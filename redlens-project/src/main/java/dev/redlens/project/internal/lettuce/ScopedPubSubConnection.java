package dev.redlens.project.internal.lettuce;

import io.lettuce.core.pubsub.RedisPubSubAsyncCommandsImpl;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.lettuce.core.pubsub.RedisPubSubReactiveCommandsImpl;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;
import io.lettuce.core.pubsub.api.reactive.RedisPubSubReactiveCommands;
import io.lettuce.core.pubsub.api.sync.RedisPubSubCommands;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A pub/sub connection confined to one project: channels and patterns are prefixed on the way out,
 * and its listeners see channels and patterns without the prefix (the real connection's listeners,
 * which Lettuce uses to resubscribe after a reconnect, keep the prefixed names).
 */
public final class ScopedPubSubConnection<K, V> extends ScopedConnection<K, V>
    implements StatefulRedisPubSubConnection<K, V> {

  private final StatefulRedisPubSubConnection<K, V> pubSub;
  private final RedisPubSubAsyncCommands<K, V> async;
  private final RedisPubSubCommands<K, V> sync;
  private final RedisPubSubReactiveCommands<K, V> reactive;
  private final Map<RedisPubSubListener<K, V>, RedisPubSubListener<K, V>> listeners =
      new ConcurrentHashMap<>();

  private ScopedPubSubConnection(
      StatefulRedisPubSubConnection<K, V> delegate, LettuceScoping<K, V> scoping) {
    super(delegate, scoping, true);
    this.pubSub = delegate;
    this.async = new RedisPubSubAsyncCommandsImpl<>(this, scoping.codec);
    this.sync = SyncProxy.create(this, async, RedisPubSubCommands.class);
    this.reactive = new RedisPubSubReactiveCommandsImpl<>(this, scoping.codec);
  }

  /** The project's pub/sub connection over {@code delegate}. */
  public static <K, V> ScopedPubSubConnection<K, V> of(
      StatefulRedisPubSubConnection<K, V> delegate, LettuceScope scope) {
    return new ScopedPubSubConnection<>(delegate, scope.scoping(delegate));
  }

  @Override
  public RedisPubSubCommands<K, V> sync() {
    return sync;
  }

  @Override
  public RedisPubSubAsyncCommands<K, V> async() {
    return async;
  }

  @Override
  public RedisPubSubReactiveCommands<K, V> reactive() {
    return reactive;
  }

  @Override
  public void addListener(RedisPubSubListener<K, V> listener) {
    RedisPubSubListener<K, V> scoped =
        listeners.computeIfAbsent(
            listener,
            l -> new ScopedPubSubListener<>(l, scoping.codec.delegate(), scoping.rewriter));
    pubSub.addListener(scoped);
  }

  @Override
  public void removeListener(RedisPubSubListener<K, V> listener) {
    RedisPubSubListener<K, V> scoped = listeners.remove(listener);
    if (scoped != null) {
      pubSub.removeListener(scoped);
    }
  }
}
