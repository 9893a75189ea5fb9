package dev.redlens.service.internal.telemetry;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the instrumentation recorded for one API request: the Redis spans of the request's own
 * trace, counted when they start (on the caller's thread) and tallied when they end (name, error,
 * cache result). Other requests' commands are in other traces, so the figures are exact under
 * concurrent traffic.
 */
public final class RequestTally {

  private long started; // guarded by this
  private long ended;
  private long errors;
  private long hits;
  private long misses;
  private final Map<String, long[]> operations = new TreeMap<>(); // name -> {count, errors}

  /** The figures of a request once its spans ended. */
  public record Recorded(
      long spans, long ended, long errors, long hits, long misses, Map<String, long[]> operations) {

    /** Operations recorded under {@code name}. */
    public long count(String name) {
      long[] c = operations.get(name);
      return c == null ? 0 : c[0];
    }

    /** Failed operations recorded under {@code name}. */
    public long errors(String name) {
      long[] c = operations.get(name);
      return c == null ? 0 : c[1];
    }
  }

  synchronized void started() {
    started++;
  }

  synchronized void ended(String operation, boolean error, Boolean hit) {
    ended++;
    long[] c = operations.computeIfAbsent(String.valueOf(operation), k -> new long[2]);
    c[0]++;
    if (error) {
      errors++;
      c[1]++;
    }
    if (hit != null) {
      if (hit) {
        hits++;
      } else {
        misses++;
      }
    }
    if (ended >= started) {
      notifyAll();
    }
  }

  /** Spans started so far (exact: they start on the request's thread). */
  public synchronized long spans() {
    return started;
  }

  /**
   * The figures once every started span has ended, waiting at most {@code max}: the client
   * completes the caller's future a few microseconds before its span ends, so the last commands of
   * a request may still be ending when the request's own code finishes.
   */
  public synchronized Recorded settle(Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    while (ended < started) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    Map<String, long[]> copy = new TreeMap<>();
    operations.forEach((name, c) -> copy.put(name, c.clone()));
    return new Recorded(started, ended, errors, hits, misses, copy);
  }
}
