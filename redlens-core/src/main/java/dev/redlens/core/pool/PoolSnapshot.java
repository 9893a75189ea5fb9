package dev.redlens.core.pool;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The state of one registered pool now, for a service's pool status endpoint.
 *
 * @param name the pool name ({@code db.client.connection.pool.name})
 * @param used connections borrowed now (also {@link #active()})
 * @param idle connections idle in the pool now
 * @param max the most connections the pool allows; negative when unbounded or unknown
 * @param utilization {@code used / max}; NaN when {@code max} is unbounded, unknown or zero
 * @param pending requests waiting for a connection now (also {@link #waiters()}); negative when
 *     unknown
 * @param timeouts borrows that failed because no connection became available (exhausted pool, wait
 *     elapsed), since registration
 * @param errors connection errors by type since registration (every type present, zero included)
 */
public record PoolSnapshot(
    String name,
    int used,
    int idle,
    int max,
    double utilization,
    int pending,
    long timeouts,
    Map<ConnectionErrorType, Long> errors) {

  public PoolSnapshot {
    EnumMap<ConnectionErrorType, Long> ordered = new EnumMap<>(ConnectionErrorType.class);
    ordered.putAll(errors);
    errors = Collections.unmodifiableMap(ordered); // in the order of ConnectionErrorType
  }

  /** Connections borrowed now; the same as {@link #used()}. */
  public int active() {
    return used;
  }

  /** Requests waiting for a connection now; the same as {@link #pending()}. */
  public int waiters() {
    return pending;
  }

  /** Connection errors of one type since registration. */
  public long errors(ConnectionErrorType type) {
    return errors.getOrDefault(type, 0L);
  }

  /** Connection errors of every type since registration. */
  public long errorCount() {
    return errors.values().stream().mapToLong(Long::longValue).sum();
  }
}
