package dev.redlens.project.internal.lettuce;

import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.output.StreamingOutput;
import java.nio.ByteBuffer;

/**
 * Wraps the output of a command whose reply carries key names (KEYS, SCAN, BLPOP, XREAD…): every
 * bulk string is handed to the original output while {@link ScopedCodec} strips prefixes, so the
 * key names it decodes come back without the project's prefix, and values (decoded with {@code
 * decodeValue}) are untouched.
 */
class KeyStrippingOutput<K, V, T> extends CommandOutput<K, V, T> {

  final CommandOutput<K, V, T> delegate;

  KeyStrippingOutput(RedisCodec<K, V> codec, CommandOutput<K, V, T> delegate) {
    super(codec, null);
    this.delegate = delegate;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static <K, V, T> CommandOutput<K, V, T> wrap(
      RedisCodec<K, V> codec, CommandOutput<K, V, T> output) {
    if (output instanceof StreamingOutput<?>) {
      return new Streaming(codec, output);
    }
    return new KeyStrippingOutput<>(codec, output);
  }

  @Override
  public T get() {
    return delegate.get();
  }

  @Override
  public void set(ByteBuffer bytes) {
    ScopedCodec.beginStripping();
    try {
      delegate.set(bytes);
    } finally {
      ScopedCodec.endStripping();
    }
  }

  @Override
  public void setSingle(ByteBuffer bytes) {
    ScopedCodec.beginStripping();
    try {
      delegate.setSingle(bytes);
    } finally {
      ScopedCodec.endStripping();
    }
  }

  @Override
  public void setBigNumber(ByteBuffer bytes) {
    delegate.setBigNumber(bytes);
  }

  @Override
  public void set(long integer) {
    delegate.set(integer);
  }

  @Override
  public void set(double number) {
    delegate.set(number);
  }

  @Override
  public void set(boolean value) {
    delegate.set(value);
  }

  @Override
  public void setError(ByteBuffer error) {
    delegate.setError(error);
  }

  @Override
  public void setError(String error) {
    delegate.setError(error);
  }

  @Override
  public boolean hasError() {
    return delegate.hasError();
  }

  @Override
  public String getError() {
    return delegate.getError();
  }

  @Override
  public void complete(int depth) {
    delegate.complete(depth);
  }

  @Override
  public void multi(int count) {
    delegate.multi(count);
  }

  @Override
  public void multiArray(int count) {
    delegate.multiArray(count);
  }

  @Override
  public void multiPush(int count) {
    delegate.multiPush(count);
  }

  @Override
  public void multiMap(int count) {
    delegate.multiMap(count);
  }

  @Override
  public void multiSet(int count) {
    delegate.multiSet(count);
  }

  @Override
  public String toString() {
    return delegate.toString();
  }

  /** For the reactive API's streaming outputs, which must stay recognisable as such. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static final class Streaming<K, V, T, E> extends KeyStrippingOutput<K, V, T>
      implements StreamingOutput<E> {

    Streaming(RedisCodec<K, V> codec, CommandOutput<K, V, T> delegate) {
      super(codec, delegate);
    }

    @Override
    public void setSubscriber(Subscriber<E> subscriber) {
      ((StreamingOutput) delegate).setSubscriber(subscriber);
    }

    @Override
    public Subscriber<E> getSubscriber() {
      return ((StreamingOutput) delegate).getSubscriber();
    }
  }
}
