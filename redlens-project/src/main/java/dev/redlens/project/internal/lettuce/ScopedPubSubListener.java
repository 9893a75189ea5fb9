package dev.redlens.project.internal.lettuce;

import dev.redlens.project.rewrite.KeyspaceRewriter;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.pubsub.RedisPubSubListener;
import java.nio.ByteBuffer;

/**
 * Delivers pub/sub events with channel and pattern names relative to the project: each name is
 * encoded with the user's key codec, its prefix removed, and decoded again (so any codec works).
 * Events of channels outside the project (which a scoped connection never subscribes to) are
 * delivered unchanged.
 */
final class ScopedPubSubListener<K, V> implements RedisPubSubListener<K, V> {

  private final RedisPubSubListener<K, V> delegate;
  private final RedisCodec<K, V> codec;
  private final KeyspaceRewriter rewriter;

  ScopedPubSubListener(
      RedisPubSubListener<K, V> delegate, RedisCodec<K, V> codec, KeyspaceRewriter rewriter) {
    this.delegate = delegate;
    this.codec = codec;
    this.rewriter = rewriter;
  }

  private K strip(K name) {
    if (name == null) {
      return null;
    }
    ByteBuffer encoded = codec.encodeKey(name);
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    if (!rewriter.isProjectKey(bytes)) {
      return name;
    }
    return codec.decodeKey(ByteBuffer.wrap(rewriter.unprefix(bytes)));
  }

  @Override
  public void message(K channel, V message) {
    delegate.message(strip(channel), message);
  }

  @Override
  public void message(K pattern, K channel, V message) {
    delegate.message(strip(pattern), strip(channel), message);
  }

  @Override
  public void subscribed(K channel, long count) {
    delegate.subscribed(strip(channel), count);
  }

  @Override
  public void psubscribed(K pattern, long count) {
    delegate.psubscribed(strip(pattern), count);
  }

  @Override
  public void unsubscribed(K channel, long count) {
    delegate.unsubscribed(strip(channel), count);
  }

  @Override
  public void punsubscribed(K pattern, long count) {
    delegate.punsubscribed(strip(pattern), count);
  }

  @Override
  public void smessage(K shardChannel, V message) {
    delegate.smessage(strip(shardChannel), message);
  }

  @Override
  public void ssubscribed(K shardChannel, long count) {
    delegate.ssubscribed(strip(shardChannel), count);
  }

  @Override
  public void sunsubscribed(K shardChannel, long count) {
    delegate.sunsubscribed(strip(shardChannel), count);
  }
}
