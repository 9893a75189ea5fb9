package dev.redlens.service.internal.redis;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The single daemon thread, named, on which each background task of this package runs. */
final class Daemons {

  private Daemons() {}

  /** A scheduler of one daemon thread named {@code name}. */
  static ScheduledExecutorService scheduler(String name) {
    return Executors.newSingleThreadScheduledExecutor(
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }
}
