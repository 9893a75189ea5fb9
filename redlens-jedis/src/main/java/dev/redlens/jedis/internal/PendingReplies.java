package dev.redlens.jedis.internal;

import dev.redlens.core.instrumentation.RedisOperation;
import java.util.ArrayDeque;

/**
 * The commands of one connection that wait for their replies, oldest first: Redis answers the
 * commands of a connection in the order they were sent, so the next reply read belongs to the
 * oldest. A ring buffer that grows up to a bound; commands sent while it is full are only counted
 * (they get no span), and, as they were sent after every tracked one, their replies are recognised
 * by that count. So memory is bounded however deep a pipeline goes. The one exception: a command
 * past the bound whose reply a {@link dev.redlens.jedis.spi.ConnectionHook} must transform keeps
 * its attachment (one small entry), as the caller's reply would be wrong without it. Confined to
 * the thread that uses the connection, as Jedis connections are.
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
  // capacities are powers of two (16, doubled): an index wraps with a mask, not a division
  private RedisOperation[] operations = new RedisOperation[16];
  private byte[] kinds = new byte[16];
  private String[] names = new String[16];
  private Object[] attachments = new Object[16];
  private int head;
  private int size;

  /** Commands past the bound awaiting their replies. */
  private long untracked;

  /** How many untracked commands were sent, and how many of their replies were read. */
  private long untrackedSent;

  private long untrackedRead;

  /** Attachments of untracked commands, with their sequence number among them; usually empty. */
  private ArrayDeque<Overflow> overflow;

  private byte polledKind;
  private String polledName;
  private Object polledAttachment;

  private record Overflow(long sequence, Object attachment) {}

  PendingReplies(int max) {
    this.max = max;
  }

  /** Whether the next command can be tracked; if not, it is counted as untracked. */
  boolean hasRoom() {
    return untracked == 0 && size < max;
  }

  /** Counts one command that was sent without an entry (its attachment kept if not null). */
  void addUntracked(Object attachment) {
    untracked++;
    untrackedSent++;
    if (attachment != null) {
      if (overflow == null) {
        overflow = new ArrayDeque<>();
      }
      overflow.addLast(new Overflow(untrackedSent, attachment));
    }
  }

  /** Appends a command; {@code operation} is null when its operation could not be started. */
  void add(RedisOperation operation, byte kind, String name, Object attachment) {
    if (size == operations.length) {
      grow();
    }
    int tail = (head + size) & (operations.length - 1);
    operations[tail] = operation;
    kinds[tail] = kind;
    names[tail] = name;
    attachments[tail] = attachment;
    size++;
  }

  /** The name of the oldest tracked command, or null when none is pending. */
  String peekName() {
    return size == 0 ? null : names[head];
  }

  /**
   * Takes the entry of the next reply and returns its operation, or null when it has none (an
   * untracked command, or a reply nothing waits for); {@link #polledKind()}, {@link #polledName()}
   * and {@link #polledAttachment()} tell the rest.
   */
  RedisOperation poll() {
    if (size == 0) {
      polledKind = PLAIN;
      polledName = null;
      polledAttachment = null;
      if (untracked > 0) {
        untracked--;
        untrackedRead++;
        if (overflow != null
            && !overflow.isEmpty()
            && overflow.peekFirst().sequence() == untrackedRead) {
          polledAttachment = overflow.pollFirst().attachment();
        }
      }
      return null;
    }
    RedisOperation operation = operations[head];
    polledKind = kinds[head];
    polledName = names[head];
    polledAttachment = attachments[head];
    operations[head] = null;
    names[head] = null;
    attachments[head] = null;
    head = (head + 1) & (operations.length - 1);
    size--;
    return operation;
  }

  byte polledKind() {
    return polledKind;
  }

  String polledName() {
    return polledName;
  }

  Object polledAttachment() {
    return polledAttachment;
  }

  /**
   * Removes the newest entry (a command that could not be written), if it is that of {@code
   * operation}.
   */
  boolean removeLast(RedisOperation operation) {
    if (size == 0 || untracked > 0) {
      return false;
    }
    int tail = (head + size - 1) & (operations.length - 1);
    if (operations[tail] != operation) {
      return false;
    }
    operations[tail] = null;
    names[tail] = null;
    attachments[tail] = null;
    size--;
    return true;
  }

  /**
   * Ends every waiting operation with {@code error} (the connection failed or closed) and forgets
   * every entry.
   */
  void failAll(Throwable error) {
    while (size > 0) {
      RedisOperation operation = poll();
      if (operation != null) {
        operation.endWithException(error);
      }
    }
    untracked = 0;
    untrackedSent = 0;
    untrackedRead = 0;
    overflow = null;
  }

  /** Tracked entries waiting. */
  int size() {
    return size;
  }

  /** Whether any command, tracked or not, awaits its reply. */
  boolean isEmpty() {
    return size == 0 && untracked == 0;
  }

  private void grow() {
    int capacity = operations.length * 2;
    RedisOperation[] grownOperations = new RedisOperation[capacity];
    byte[] grownKinds = new byte[capacity];
    String[] grownNames = new String[capacity];
    Object[] grownAttachments = new Object[capacity];
    for (int i = 0; i < size; i++) {
      int from = (head + i) & (operations.length - 1);
      grownOperations[i] = operations[from];
      grownKinds[i] = kinds[from];
      grownNames[i] = names[from];
      grownAttachments[i] = attachments[from];
    }
    operations = grownOperations;
    kinds = grownKinds;
    names = grownNames;
    attachments = grownAttachments;
    head = 0;
  }
}
