package dev.redlens.core.instrumentation;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

/**
 * Walks the cause chain of a failure, the one way every part of Redlens does it: from the failure
 * itself through {@link Throwable#getCause()}, at most {@link #MAX_DEPTH} links, so that a chain
 * with a cycle or an absurd depth costs a bounded amount of work on an error path that must never
 * throw or hang.
 */
public final class CauseChain {

  /**
   * The most links read, the failure itself included. Real chains of Lettuce and Jedis failures are
   * three or four links deep (a completion wrapper, the client's exception, a socket exception).
   */
  public static final int MAX_DEPTH = 10;

  private CauseChain() {}

  /** The first failure in {@code error}'s chain that {@code test} accepts, or null. */
  public static Throwable find(Throwable error, Predicate<? super Throwable> test) {
    Throwable current = error;
    for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
      if (test.test(current)) {
        return current;
      }
      current = current.getCause();
    }
    return null;
  }

  /** Whether {@code test} accepts any failure in {@code error}'s chain. */
  public static boolean anyMatch(Throwable error, Predicate<? super Throwable> test) {
    return find(error, test) != null;
  }

  /** The last failure of the chain within the bound ({@code error} itself when it has no cause). */
  public static Throwable root(Throwable error) {
    Throwable current = error;
    for (int depth = 1; depth < MAX_DEPTH && current.getCause() != null; depth++) {
      current = current.getCause();
    }
    return current;
  }

  /**
   * {@code error} without the {@link CompletionException} and {@link ExecutionException} wrappers
   * around it (those of futures, which say nothing about the failure).
   */
  public static Throwable unwrap(Throwable error) {
    Throwable unwrapped = find(error, e -> !isWrapper(e) || e.getCause() == null);
    return unwrapped == null ? error : unwrapped;
  }

  /** Whether {@code error} is a future's wrapper around the real failure. */
  public static boolean isWrapper(Throwable error) {
    return error instanceof CompletionException || error instanceof ExecutionException;
  }
}
