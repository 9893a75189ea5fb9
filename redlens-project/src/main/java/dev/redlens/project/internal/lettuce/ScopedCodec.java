package dev.redlens.project.internal.lettuce;

import io.lettuce.core.codec.RedisCodec;
import java.nio.ByteBuffer;

/**
 * The user's codec, except that while a key-bearing reply is being decoded ({@link
 * KeyStrippingOutput} marks it on the decoding thread), {@link #decodeKey} removes the project's
 * prefix. Lettuce decodes key names, and only those (and hash and stream field names), through
 * {@code decodeKey}; the mark keeps field names of other replies (HGETALL) untouched.
 */
final class ScopedCodec<K, V> implements RedisCodec<K, V> {

  private static final ThreadLocal<int[]> STRIPPING = ThreadLocal.withInitial(() -> new int[1]);

  private final RedisCodec<K, V> delegate;
  private final byte[] prefix;

  ScopedCodec(RedisCodec<K, V> delegate, byte[] prefix) {
    this.delegate = delegate;
    this.prefix = prefix;
  }

  RedisCodec<K, V> delegate() {
    return delegate;
  }

  static void beginStripping() {
    STRIPPING.get()[0]++;
  }

  static void endStripping() {
    STRIPPING.get()[0]--;
  }

  @Override
  public K decodeKey(ByteBuffer bytes) {
    if (bytes != null && STRIPPING.get()[0] > 0 && startsWithPrefix(bytes)) {
      ByteBuffer rest = bytes.duplicate();
      rest.position(rest.position() + prefix.length);
      K key = delegate.decodeKey(rest.slice());
      bytes.position(bytes.limit());
      return key;
    }
    return delegate.decodeKey(bytes);
  }

  private boolean startsWithPrefix(ByteBuffer bytes) {
    if (bytes.remaining() < prefix.length) {
      return false;
    }
    int start = bytes.position();
    for (int i = 0; i < prefix.length; i++) {
      if (bytes.get(start + i) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public V decodeValue(ByteBuffer bytes) {
    return delegate.decodeValue(bytes);
  }

  @Override
  public ByteBuffer encodeKey(K key) {
    return delegate.encodeKey(key);
  }

  @Override
  public ByteBuffer encodeValue(V value) {
    return delegate.encodeValue(value);
  }
}
