package dev.redlens.service.internal.redis;

import dev.redlens.core.pool.ConnectionErrorType;
import dev.redlens.core.pool.PoolRegistration;
import dev.redlens.core.pool.PoolSnapshot;
import dev.redlens.core.pool.PoolTelemetry;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures of {@code GET /test/redis/connection/pool/status} and of the dashboard, read from the
 * pool telemetry's own snapshot ({@link PoolTelemetry#snapshot()}), so the endpoint and {@code
 * /metrics} say the same. The {@code db.client.connection.*} metrics themselves are Redlens's
 * ({@code LettuceTelemetry.instrumentPool}), under the {@code dev.redlens} scope; the service
 * registers none of its own.
 */
public final class PoolStatus {

  private final PoolTelemetry pools;
  private final PoolRegistration registration;

  PoolStatus(PoolTelemetry pools, PoolRegistration registration) {
    this.pools = pools;
    this.registration = registration;
  }

  /** The pool name on the metrics ({@code db.client.connection.pool.name}). */
  public String name() {
    return registration.name();
  }

  /** The pool's snapshot now, or null once the pool is closed. */
  public PoolSnapshot snapshot() {
    for (PoolSnapshot snapshot : pools.snapshot()) {
      if (snapshot.name().equals(registration.name())) {
        return snapshot;
      }
    }
    return null;
  }

  /** The pool's figures for the pool-status endpoint and the dashboard. */
  public Map<String, Object> status() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", registration.name());
    PoolSnapshot s = snapshot();
    if (s == null) {
      m.put("state", "closed");
      return m;
    }
    m.put("state", "open");
    m.put("active", s.active());
    m.put("idle", s.idle());
    m.put("max", s.max());
    m.put("utilization", Double.isFinite(s.utilization()) ? s.utilization() : null);
    m.put("waiters", s.waiters() < 0 ? null : s.waiters());
    m.put("timeouts", s.timeouts());
    Map<String, Object> errors = new LinkedHashMap<>();
    for (ConnectionErrorType type : ConnectionErrorType.values()) {
      errors.put(type.value(), s.errors(type));
    }
    m.put("connection_errors", errors);
    m.put("failures", s.timeouts() + s.errorCount());
    m.put("source", "RedisTelemetry.pools().snapshot()");
    return m;
  }

  /** Borrow timeouts plus connection errors of every type since the pool was registered. */
  public long failures() {
    PoolSnapshot s = snapshot();
    return s == null ? 0 : s.timeouts() + s.errorCount();
  }
}
