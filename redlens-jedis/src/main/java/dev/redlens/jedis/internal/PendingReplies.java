package dev.redlens.jedis.internal;

import dev.redlens.core.instrumentation.RedisOperation;

/**
 * The operations of one connection that wait for their replies, oldest first: Redis answers the
 * commands of a connection in the order they were sent, so the next reply read belongs to the
 * oldest. A ring buffer that grows up to a bound; commands sent while it is full are only counted
 * (they get no span), and, as they were sent after every tracked one, their replies are recognised
 * by that count. So memory is bounded however deep a pipeline goes. Confined to the thread that
 * uses the connection, as Jedis connections are.
 */
final class PendingReplies {

  /** A command outside a transaction. */
  static final byte PLAIN = 0;

  /**
   * A command sent between {@code MULTI} and {@code EXEC}: its reply is {@code QUEUED} or an error.
   */
  static final byte QUEUED = 1;

  /** {@code EXEC}: its reply carries the transaction's results. */
  static final byte EXEC = 2;

  private final int max;
  private RedisOperation[] operations = new RedisOperation[16];
  private byte[] kinds = new byte[16];
  private int head;
  private int size;
  private long untracked;
  private byte polledKind;

  PendingReplies(int max) {
    this.max = max;
  }

  /** Whether the next command can be tracked; if not, it is counted as untracked. */
  boolean hasRoom() {
    return untracked == 0 && size < max;
  }

  /** Counts one command that was sent without an operation. */
  void addUntracked() {
    untracked++;
  }

  void add(RedisOperation operation, byte kind) {
    if (size == operations.length) {
      grow();
    }
    int tail = (head + size) % operations.length;
    operations[tail] = operation;
    kinds[tail] = kind;
    size++;
  }

  /**
   * The operation of the next reply, or null when there is none to end (an untracked command, or a
   * reply nothing waits for, such as a pub/sub message); {@link #polledKind()} tells what it was.
   */
  RedisOperation poll() {
    if (size == 0) {
      if (untracked > 0) {
        untracked--;
      }
      polledKind = PLAIN;
      return null;
    }
    RedisOperation operation = operations[head];
    polledKind = kinds[head];
    operations[head] = null;
    head = (head + 1) % operations.length;
    size--;
    return operation;
  }

  byte polledKind() {
    return polledKind;
  }

  /**
   * Removes the newest operation (a command that could not be written), if it is {@code operation}.
   */
  boolean removeLast(RedisOperation operation) {
    if (size == 0) {
      return false;
    }
    int tail = (head + size - 1) % operations.length;
    if (operations[tail] != operation) {
      return false;
    }
    operations[tail] = null;
    size--;
    return true;
  }

  /**
   * Ends every waiting operation with {@code error} (the connection failed or closed) and forgets
   * them.
   */
  void failAll(Throwable error) {
    while (size > 0) {
      RedisOperation operation = poll();
      if (operation != null) {
        operation.endWithException(error);
      }
    }
    untracked = 0;
  }

  int size() {
    return size;
  }

  private void grow() {
    int capacity = operations.length * 2;
    RedisOperation[] grownOperations = new RedisOperation[capacity];
    byte[] grownKinds = new byte[capacity];
    for (int i = 0; i < size; i++) {
      int from = (head + i) % operations.length;
      grownOperations[i] = operations[from];
      grownKinds[i] = kinds[from];
    }
    operations = grownOperations;
    kinds = grownKinds;
    head = 0;
  }
}
