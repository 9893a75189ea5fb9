package dev.redlens.lettuce.spi;

import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.CommandOutput;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The output of a raw command ({@code dispatch}) that takes any reply: bulk strings and status
 * replies decoded by the codec's value decoder (Lettuce hands both to {@link #set(ByteBuffer)}, so
 * with a byte-array codec {@code +OK} is a {@code byte[]} too), big numbers as {@link String},
 * integers as {@link Long}, doubles as {@link Double}, booleans as {@link Boolean}, arrays as
 * {@link List} (RESP3 maps and sets flattened), nil as null. A scalar reply stays a scalar:
 * Lettuce's own outputs for unknown replies ({@code ObjectOutput}, {@code NestedMultiOutput},
 * {@code ComplexOutput}) reject a scalar or wrap it in a list, in every version from 6.6 to 7.7.
 * Used by {@code redlens-project}'s administrative runner and by the conformance suites' Lettuce
 * driver.
 *
 * @param <K> the codec's key type
 * @param <V> the codec's value type (what a bulk string becomes)
 */
public final class AnyReplyOutput<K, V> extends CommandOutput<K, V, Object> {

  private final Deque<List<Object>> stack = new ArrayDeque<>();
  private int depth;

  public AnyReplyOutput(RedisCodec<K, V> codec) {
    super(codec, null);
  }

  @Override
  public void set(ByteBuffer bytes) {
    add(bytes == null ? null : codec.decodeValue(bytes));
  }

  @Override
  public void setBigNumber(ByteBuffer bytes) {
    add(bytes == null ? null : StringCodec.UTF8.decodeValue(bytes));
  }

  @Override
  public void set(long integer) {
    add(integer);
  }

  @Override
  public void set(double number) {
    add(number);
  }

  @Override
  public void set(boolean value) {
    add(value);
  }

  @Override
  public void multi(int count) {
    List<Object> list = new ArrayList<>(Math.max(count, 0));
    add(list);
    stack.push(list);
    depth++;
  }

  @Override
  public void complete(int depth) {
    if (depth > 0 && depth < this.depth) {
      stack.pop();
      this.depth--;
    }
  }

  private void add(Object value) {
    if (stack.isEmpty()) {
      output = value;
    } else {
      stack.peek().add(value);
    }
  }
}
