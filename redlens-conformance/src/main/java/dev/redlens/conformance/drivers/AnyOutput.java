package dev.redlens.conformance.drivers;

import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.CommandOutput;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Any reply of a raw command: strings, longs, doubles, booleans, and arrays (maps and sets
 * flattened) as lists. Lettuce's own {@code ObjectOutput} fails on a scalar reply.
 */
final class AnyOutput extends CommandOutput<String, String, Object> {

  private final Deque<List<Object>> stack = new ArrayDeque<>();
  private int depth;

  AnyOutput() {
    super(StringCodec.UTF8, null);
  }

  @Override
  public void set(ByteBuffer bytes) {
    add(bytes == null ? null : codec.decodeValue(bytes));
  }

  @Override
  public void setSingle(ByteBuffer bytes) {
    add(bytes == null ? null : StringCodec.UTF8.decodeValue(bytes));
  }

  @Override
  public void setBigNumber(ByteBuffer bytes) {
    setSingle(bytes);
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
    if (stack.isEmpty()) {
      output = list;
    } else {
      stack.peek().add(list);
    }
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
