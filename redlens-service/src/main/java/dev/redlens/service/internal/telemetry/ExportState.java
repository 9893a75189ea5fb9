package dev.redlens.service.internal.telemetry;

import io.opentelemetry.sdk.common.CompletableResultCode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What one exporter did last: exports that succeeded and failed, when, and the last error.
 * Thread-safe.
 */
public final class ExportState {

  private final String signal;
  private final AtomicLong succeeded = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong items = new AtomicLong();
  private final AtomicReference<Instant> lastSuccess = new AtomicReference<>();
  private final AtomicReference<Instant> lastFailure = new AtomicReference<>();
  private final AtomicReference<String> lastError = new AtomicReference<>();
  private volatile boolean lastOk = true;

  ExportState(String signal) {
    this.signal = signal;
  }

  void success(int count) {
    succeeded.incrementAndGet();
    items.addAndGet(count);
    lastSuccess.set(Instant.now());
    lastOk = true;
  }

  void failure(String error) {
    failed.incrementAndGet();
    lastFailure.set(Instant.now());
    lastError.set(error);
    lastOk = false;
  }

  /**
   * {@code idle} before the first export, then {@code ok} or {@code failing} after the last one.
   */
  public String state() {
    if (succeeded.get() == 0 && failed.get() == 0) {
      return "idle";
    }
    return lastOk ? "ok" : "failing";
  }

  /** Items (spans or metrics) that exports delivered successfully. */
  public long itemsExported() {
    return items.get();
  }

  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("signal", signal);
    m.put("state", state());
    m.put("exports_succeeded", succeeded.get());
    m.put("exports_failed", failed.get());
    m.put("items_exported", items.get());
    m.put("last_success", str(lastSuccess.get()));
    m.put("last_failure", str(lastFailure.get()));
    m.put("last_error", lastError.get());
    return m;
  }

  private static String str(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  /**
   * Records the outcome of one export of {@code size} items when it completes; returns {@code
   * result}.
   */
  CompletableResultCode track(CompletableResultCode result, int size) {
    result.whenComplete(
        () -> {
          if (result.isSuccess()) {
            success(size);
          } else {
            Throwable failure = result.getFailureThrowable();
            failure(failure == null ? "export failed" : failure.toString());
          }
        });
    return result;
  }
}
