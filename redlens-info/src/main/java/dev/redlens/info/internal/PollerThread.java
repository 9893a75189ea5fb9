package dev.redlens.info.internal;

import java.util.concurrent.ThreadFactory;

/**
 * Makes the one named daemon thread that polls; a thread that dies of an uncaught error is simply
 * replaced.
 */
public final class PollerThread implements ThreadFactory {
  private final String name;

  /** Threads named {@code name}. */
  public PollerThread(String name) {
    this.name = name;
  }

  @Override
  public Thread newThread(Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }
}
