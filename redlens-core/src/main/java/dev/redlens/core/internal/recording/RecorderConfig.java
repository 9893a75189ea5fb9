package dev.redlens.core.internal.recording;

import dev.redlens.core.catalog.CommandCatalog;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The settings of a {@link Recorder}, validated by {@code RedisTelemetryBuilder} before they get
 * here.
 *
 * @param rootSpans whether a command without an active parent span gets a (root) span
 * @param catalog the catalog commands are resolved with (a new built-in one when null)
 * @param maxSeriesPerInstrument the most series Redlens gives each client instrument (see {@code
 *     SeriesBudget})
 * @param projectOnDuration whether {@code db.client.operation.duration} carries {@code
 *     redlens.project.id}
 * @param boundInstruments whether metric points are recorded on series bound once where the SDK can
 *     bind them ({@link BoundInstruments})
 * @param nanoClock the monotonic clock of durations and of the hit-ratio window
 */
public record RecorderConfig(
    OpenTelemetry openTelemetry,
    boolean tracingEnabled,
    boolean rootSpans,
    CommandCatalog catalog,
    Duration slowOperationThreshold,
    Duration hitRatioWindow,
    boolean captureQueryText,
    boolean sanitizeQueryText,
    boolean maskKeys,
    int maxQueryTextLength,
    int maxProjects,
    int maxUnknownCommands,
    int maxStatusCodes,
    int maxSeriesPerInstrument,
    boolean projectOnDuration,
    boolean boundInstruments,
    LongSupplier nanoClock) {}
