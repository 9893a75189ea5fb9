package dev.redlens.info.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the named daemon threads that poll: the one scheduling thread, or the numbered threads of
 * the polling pool ({@link #numbered}). A thread that dies of an uncaught error is simply replaced.
 */
public final class PollerThread implements ThreadFactory {
  private final String name;
  private final AtomicInteger count;

  /** Threads named {@code name}. */
  public PollerThread(String name) {
    this(name, null);
  }

  private PollerThread(String name, AtomicInteger count) {
    this.name = name;
    this.count = count;
  }

  /** Threads named {@code prefix-1}, {@code prefix-2}, … */
  public static PollerThread numbered(String prefix) {
    return new PollerThread(prefix, new AtomicInteger());
  }

  @Override
  public Thread newThread(Runnable task) {
    String threadName = count == null ? name : name + "-" + count.incrementAndGet();
    Thread thread = new Thread(task, threadName);
    thread.setDaemon(true);
    return thread;
  }
}
