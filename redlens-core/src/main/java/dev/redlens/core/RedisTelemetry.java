package dev.redlens.core;

import dev.redlens.core.catalog.CommandCatalog;
import dev.redlens.core.instrumentation.ClientScope;
import dev.redlens.core.instrumentation.RedisOperation;
import dev.redlens.core.internal.recording.Recorder;
import dev.redlens.core.pool.PoolTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * OpenTelemetry telemetry of Redis commands: a span per command and the client metrics of the
 * Redlens telemetry contract ({@link RedlensSemconv}), plus local statistics for {@link
 * #snapshot()}. It uses the OpenTelemetry API only; the application brings the SDK.
 *
 * <pre>{@code
 * RedisTelemetry telemetry = RedisTelemetry.builder(openTelemetry)
 *     .setSlowOperationThreshold(Duration.ofMillis(100))
 *     .build();
 * LettuceTelemetry.create(telemetry).instrument(redisClient);
 * TelemetrySnapshot snapshot = telemetry.snapshot();
 * }</pre>
 *
 * <p>Client integrations start each command through a {@link ClientScope} (the integration SPI,
 * {@code dev.redlens.core.instrumentation}). Custom operations (the specification's {@code
 * trace_operation}) use {@link #traceOperation} or {@link #startOperation}.
 *
 * <p>Recording never throws into the application: a failing tracer, meter or backend is logged once
 * and the command goes on. Memory is constant whatever the number of commands.
 */
public final class RedisTelemetry implements AutoCloseable {

  private final Recorder recorder;
  private final ClientScope unscoped;
  private volatile PoolTelemetry pools;
  private final AtomicBoolean closed = new AtomicBoolean();

  RedisTelemetry(Recorder recorder) {
    this.recorder = recorder;
    this.unscoped = recorder.scope(null, -1, null);
  }

  /** A telemetry with every default. */
  public static RedisTelemetry create(OpenTelemetry openTelemetry) {
    return builder(openTelemetry).build();
  }

  public static RedisTelemetryBuilder builder(OpenTelemetry openTelemetry) {
    return new RedisTelemetryBuilder(openTelemetry);
  }

  /**
   * A scope for commands sent to one server and database ({@code address} may be null when
   * unknown).
   */
  public ClientScope scope(String address, int port, long database) {
    return recorder.scope(address, port, Long.toString(database));
  }

  /**
   * Starts a custom operation (the specification's {@code trace_operation("CUSTOM_OPERATION",
   * project_id)}): end it with one of the {@code end…} methods, or close it. {@code projectId} may
   * be null.
   */
  public RedisOperation startOperation(String name, String projectId) {
    ClientScope scope = projectId == null ? unscoped : unscoped.withProject(projectId);
    return scope.startCustom(name);
  }

  /**
   * Runs {@code body} as a custom operation: a span named {@code name} (current while the body
   * runs) and the client metrics, with the project id. The body's result is returned and its
   * exception rethrown unchanged, after being recorded.
   */
  public <T, E extends Throwable> T traceOperation(
      String name, String projectId, OperationBody<T, E> body) throws E {
    RedisOperation operation = startOperation(name, projectId);
    try (var ignored = operation.makeCurrent()) {
      T result = body.run();
      operation.endWithCacheResult(0, 0);
      return result;
    } catch (Throwable error) {
      operation.endWithException(error);
      throw error;
    }
  }

  /** The body of a custom operation. */
  @FunctionalInterface
  public interface OperationBody<T, E extends Throwable> {
    T run() throws E;
  }

  /**
   * What was recorded so far: per-command percentiles, category error rates, hit ratios, slow
   * operations.
   */
  public TelemetrySnapshot snapshot() {
    return recorder.snapshot();
  }

  /**
   * What was recorded on behalf of one project ({@code redlens.project.id}): the same statistics as
   * {@link #snapshot()}, counting only that project's operations. Projects past the configured
   * bound ({@code setMaxProjects}) are recorded together under {@code "_other"}; a project with
   * nothing recorded (or recorded under {@code _other}) gives an empty snapshot.
   */
  public TelemetrySnapshot snapshot(String projectId) {
    return recorder.snapshot(projectId);
  }

  /**
   * The command catalog this telemetry resolves commands with; integrations teach it unknown
   * commands.
   */
  public CommandCatalog catalog() {
    return recorder.catalog();
  }

  /**
   * The connection pool metrics of this telemetry (the {@code db.client.connection.*} metrics and
   * {@code redis.client.connection.errors}), on the same meter; one per telemetry, created on first
   * use. Client integrations register their pools here ({@code JedisTelemetry}, {@code
   * LettuceTelemetry.instrumentPool}); {@link PoolTelemetry#snapshot()} gives the state of every
   * pool for a status endpoint.
   */
  public PoolTelemetry pools() {
    PoolTelemetry current = pools;
    if (current == null) {
      synchronized (this) {
        current = pools;
        if (current == null) {
          current = PoolTelemetry.create(recorder.meter());
          if (closed.get()) {
            current.close();
          }
          pools = current;
        }
      }
    }
    return current;
  }

  /**
   * Stops the observable instruments, pools' included (their registrations end). Idempotent;
   * commands recorded afterwards are still counted.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        recorder.close();
        PoolTelemetry current;
        synchronized (this) {
          current = pools;
        }
        if (current != null) {
          current.close();
        }
      } catch (RuntimeException e) {
        recorder.degraded("close", "Redlens could not close its instruments", e);
      }
    }
  }
}
