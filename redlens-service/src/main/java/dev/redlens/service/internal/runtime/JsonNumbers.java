package dev.redlens.service.internal.runtime;

/** Numbers as the service's JSON answers and dashboard samples carry them. */
public final class JsonNumbers {

  private JsonNumbers() {}

  /** {@code d}, or null when it is not a number (JSON has no NaN): a hit ratio with no reads. */
  public static Double finite(double d) {
    return Double.isFinite(d) ? d : null;
  }
}
