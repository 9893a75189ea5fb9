package dev.redlens.testing.internal;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Polls a condition until it holds or a deadline passes. The fixtures wait for states of real
 * servers (a cluster agreeing on its slot map, a failover finishing) that no event announces.
 */
public final class Await {

  private Await() {}

  /**
   * Waits until {@code condition} is true; a condition that throws counts as false (a node may be
   * restarting). On timeout, throws with {@code what} and the {@code diagnostics} of that moment.
   */
  public static void until(
      Duration timeout, String what, BooleanSupplier condition, Supplier<String> diagnostics) {
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException lastFailure = null;
    while (true) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException e) {
        lastFailure = e;
      }
      if (System.nanoTime() > deadline) {
        IllegalStateException timedOut =
            new IllegalStateException(
                "not " + what + " within " + timeout + "\n" + safely(diagnostics));
        if (lastFailure != null) {
          timedOut.addSuppressed(lastFailure);
        }
        throw timedOut;
      }
      sleep(50);
    }
  }

  public static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String safely(Supplier<String> diagnostics) {
    try {
      return diagnostics.get();
    } catch (RuntimeException e) {
      return "(no diagnostics: " + e + ")";
    }
  }
}
