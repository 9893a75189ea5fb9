package dev.redlens.service.internal.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenTelemetry SDK of the service, from the SDK's autoconfiguration (every standard {@code
 * OTEL_*} variable), with a {@link PrometheusMetricReader} behind {@code /metrics}, a {@link
 * SpanCounter}, and the OTLP exporters wrapped to report their state. Without {@code
 * OTEL_EXPORTER_OTLP_ENDPOINT} (or an explicit {@code OTEL_*_EXPORTER}) nothing is exported over
 * the network. Exports run on the SDK's own background threads (batch span processor, periodic
 * metric reader), so an exporter that is down never slows a request.
 */
public final class TelemetrySetup implements AutoCloseable {

  private final OpenTelemetrySdk sdk;
  private final PrometheusMetricReader prometheus;
  private final SpanCounter spanCounter = new SpanCounter();
  private final ExportState spanExports = new ExportState("traces");
  private final ExportState metricExports = new ExportState("metrics");
  private final Map<String, String> otlp = new LinkedHashMap<>();

  /** How long the final flush may take before what is left is dropped. */
  public static final Duration FLUSH_LIMIT = Duration.ofSeconds(3);

  private static final Logger LOG = LoggerFactory.getLogger(TelemetrySetup.class);
  private volatile FlushOutcome closed;

  public TelemetrySetup(Map<String, String> env) {
    this.prometheus = PrometheusMetricReader.builder().build();
    Map<String, String> properties = properties(env);
    otlp.put("endpoint", properties.get("otel.exporter.otlp.endpoint"));
    otlp.put("protocol", properties.getOrDefault("otel.exporter.otlp.protocol", "http/protobuf"));
    otlp.put("traces_exporter", properties.getOrDefault("otel.traces.exporter", "otlp"));
    otlp.put("metrics_exporter", properties.getOrDefault("otel.metrics.exporter", "otlp"));
    AutoConfiguredOpenTelemetrySdk autoConfigured =
        AutoConfiguredOpenTelemetrySdk.builder()
            .addPropertiesSupplier(() -> properties)
            .addPropertiesCustomizer(config -> overrides(config::getString))
            .addSpanExporterCustomizer(
                (exporter, config) ->
                    TrackingExporter.wrap(SpanExporter.class, exporter, spanExports))
            .addMetricExporterCustomizer(
                (exporter, config) ->
                    TrackingExporter.wrap(MetricExporter.class, exporter, metricExports))
            .addTracerProviderCustomizer((builder, config) -> builder.addSpanProcessor(spanCounter))
            // no View raising the cardinality limit: Redlens's own series budget keeps each of its
            // instruments inside the SDK's default of 2,000 series (docs/telemetry.md)
            .addMeterProviderCustomizer(
                (builder, config) -> builder.registerMetricReader(prometheus))
            .disableShutdownHook()
            .build();
    this.sdk = autoConfigured.getOpenTelemetrySdk();
  }

  /**
   * The autoconfiguration's properties from {@code env} (the service's variables, so tests can pass
   * their own): {@code OTEL_FOO_BAR} becomes {@code otel.foo.bar}; defaults for the service name
   * and for the exporters; an OTLP endpoint without a scheme (the specification's {@code
   * localhost:4317}) gets {@code http://}, and port 4317 means gRPC unless a protocol was given.
   */
  static Map<String, String> properties(Map<String, String> env) {
    Map<String, String> p = new HashMap<>();
    p.put("otel.service.name", "redlens-service");
    p.put("otel.logs.exporter", "none");
    env.forEach(
        (name, value) -> {
          if (name.startsWith("OTEL_") && value != null && !value.isBlank()) {
            p.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value.trim());
          }
        });
    p.putAll(overrides(p::get));
    return p;
  }

  /**
   * The settings derived from the others (applied last, over the environment and system properties
   * too).
   */
  static Map<String, String> overrides(java.util.function.Function<String, String> config) {
    Map<String, String> o = new HashMap<>();
    String endpoint = config.apply("otel.exporter.otlp.endpoint");
    boolean anyEndpoint =
        endpoint != null
            || config.apply("otel.exporter.otlp.traces.endpoint") != null
            || config.apply("otel.exporter.otlp.metrics.endpoint") != null;
    if (!anyEndpoint) {
      if (config.apply("otel.traces.exporter") == null) {
        o.put("otel.traces.exporter", "none");
      }
      if (config.apply("otel.metrics.exporter") == null) {
        o.put("otel.metrics.exporter", "none");
      }
    }
    if (endpoint != null) {
      if (!endpoint.contains("://")) {
        endpoint = "http://" + endpoint;
        o.put("otel.exporter.otlp.endpoint", endpoint);
      }
      if (config.apply("otel.exporter.otlp.protocol") == null) {
        try {
          // the SDK's own default is gRPC; 4317 is the gRPC port, anything else (4318) OTLP/HTTP
          o.put(
              "otel.exporter.otlp.protocol",
              URI.create(endpoint).getPort() == 4317 ? "grpc" : "http/protobuf");
        } catch (IllegalArgumentException e) {
          // the autoconfiguration reports the bad endpoint itself, naming the property
        }
      }
    }
    return o;
  }

  public OpenTelemetry openTelemetry() {
    return sdk;
  }

  public PrometheusMetricReader prometheus() {
    return prometheus;
  }

  public SpanCounter spanCounter() {
    return spanCounter;
  }

  public io.opentelemetry.api.trace.Tracer serviceTracer() {
    return sdk.getTracer("dev.redlens.service");
  }

  /** The exporters and their state, for the status and health endpoints. */
  public Map<String, Object> describeExporters() {
    Map<String, Object> m = new LinkedHashMap<>();
    Map<String, Object> prom = new LinkedHashMap<>();
    prom.put("enabled", true);
    prom.put("path", "/metrics");
    prom.put(
        "formats",
        java.util.List.of(
            "text/plain; version=0.0.4", "application/openmetrics-text; version=1.0.0"));
    m.put("prometheus", prom);
    Map<String, Object> o = new LinkedHashMap<>(otlp);
    o.put("enabled", otlpEnabled());
    o.put("traces", spanExports.describe());
    o.put("metrics", metricExports.describe());
    m.put("otlp", o);
    return m;
  }

  public boolean otlpEnabled() {
    return !"none".equals(otlp.get("traces_exporter"))
        || !"none".equals(otlp.get("metrics_exporter"));
  }

  /**
   * {@code disabled}, {@code idle}, {@code ok} or {@code failing} (the worse of traces and
   * metrics).
   */
  public String otlpState() {
    if (!otlpEnabled()) {
      return "disabled";
    }
    String t = spanExports.state();
    String m = metricExports.state();
    if (t.equals("failing") || m.equals("failing")) {
      return "failing";
    }
    return t.equals("ok") || m.equals("ok") ? "ok" : "idle";
  }

  /**
   * How the final flush went: finished in time or not, and what it could not deliver.
   *
   * @param finished whether the SDK finished its shutdown within the limit
   * @param succeeded whether every exporter reported success
   * @param spansNotExported spans that ended but were never exported over OTLP (0 without OTLP)
   */
  public record FlushOutcome(boolean finished, boolean succeeded, long spansNotExported) {}

  /**
   * Flushes spans and metrics and shuts the SDK down, waiting at most {@code limit}: an OTLP
   * endpoint that is down or black-holed would otherwise hold the shutdown for the exporters' own
   * timeouts, one after the other. Logs what was dropped.
   */
  public synchronized FlushOutcome flushAndShutdown(Duration limit) {
    if (closed != null) {
      return closed;
    }
    CompletableResultCode result = sdk.shutdown();
    result.join(limit.toMillis(), TimeUnit.MILLISECONDS);
    boolean tracesOverOtlp = !"none".equals(otlp.get("traces_exporter"));
    long notExported =
        tracesOverOtlp ? Math.max(0, spanCounter.allEnded() - spanExports.itemsExported()) : 0;
    FlushOutcome outcome = new FlushOutcome(result.isDone(), result.isSuccess(), notExported);
    if (!outcome.finished()) {
      LOG.warn(
          "Telemetry: the final flush did not finish within {} ms; dropped {} span(s) not yet"
              + " exported and the last metric collection (OTLP endpoint {})",
          limit.toMillis(),
          notExported,
          otlp.get("endpoint"));
    } else if (!outcome.succeeded() && otlpEnabled()) {
      LOG.warn(
          "Telemetry: the final export failed; dropped {} span(s) and the last metric collection"
              + " (OTLP endpoint {})",
          notExported,
          otlp.get("endpoint"));
    }
    closed = outcome;
    return outcome;
  }

  /** The outcome of the final flush, or null while the SDK runs. */
  public FlushOutcome flushOutcome() {
    return closed;
  }

  @Override
  public void close() {
    flushAndShutdown(FLUSH_LIMIT);
  }
}
