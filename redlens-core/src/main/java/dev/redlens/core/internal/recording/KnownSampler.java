package dev.redlens.core.internal.recording;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanContext;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * The decisions of the OpenTelemetry SDK's sampler that are known before a span is started, so that
 * a span the sampler is certain to drop is not started at all: no span builder, no copy of the
 * start attributes, no trace and span ids (about 690 bytes and half the recording time of a command
 * with metrics only); and a span it is certain to record gets every attribute known at its start on
 * the span builder, rather than through the started span, whose every setter takes a lock.
 *
 * <p>Only the SDK's own samplers are recognized, and only by the SDK's own {@code equals}: {@code
 * Sampler.alwaysOff()} drops every span, {@code Sampler.alwaysOn()} records every span; {@code
 * Sampler.parentBased(root)} with its default delegates drops every span whose parent is valid and
 * not sampled (local or remote), records every span whose parent is sampled, and decides as {@code
 * root} (when {@code alwaysOff()} or {@code alwaysOn()}) for a span without a parent. Recognized
 * roots are {@code alwaysOn()}, {@code alwaysOff()} and {@code traceIdRatioBased(r)}; the candidate
 * is rebuilt through the SDK's factory methods and compared with the configured sampler by the
 * SDK's {@code equals} (comparing every delegate), so a sampler of the application's own, even one
 * describing itself as {@code AlwaysOffSampler}, is never mistaken for one. These samplers call
 * nothing with side effects for the spans skipped; span processors never see a dropped span.
 *
 * <p>The sampler is reached through public SDK methods by reflection ({@code
 * OpenTelemetrySdk#getSdkTracerProvider}, {@code SdkTracerProvider#getSampler}), since Redlens
 * depends on the API only. Anything else — no SDK on the class path, {@code GlobalOpenTelemetry}'s
 * wrapper, the Java agent's bridge, a sampler of the application's own, any failure — is {@link
 * #UNKNOWN}: every span is started and the sampler decides, as before.
 *
 * <p>Observable difference: the skipped span's {@code SpanContext} (a fresh, unsampled span id)
 * does not exist; Redlens never makes its span current or propagates it, so nothing could have read
 * it. With the SDK's own health metrics enabled ({@code
 * SdkTracerProviderBuilder#setMeterProvider}), {@code otel.sdk.span.started} no longer counts these
 * never-started spans as dropped.
 */
final class KnownSampler {

  /** What the sampler decides for spans of one kind of parent, known before the span starts. */
  enum Decision {
    /** Certain to drop: the span is not started at all. */
    DROP,
    /** Certain to record and sample: every start attribute can go on the span builder. */
    RECORD,
    /** Only the sampler knows: start the span and ask it whether it records. */
    ASK
  }

  static final KnownSampler UNKNOWN =
      new KnownSampler(Decision.ASK, Decision.ASK, Decision.ASK, null);

  private static final String SDK = "io.opentelemetry.sdk.OpenTelemetrySdk";
  private static final String SDK_TRACER_PROVIDER = "io.opentelemetry.sdk.trace.SdkTracerProvider";
  private static final String SAMPLER = "io.opentelemetry.sdk.trace.samplers.Sampler";
  private static final String RATIO_ROOT = "ParentBased{root:TraceIdRatioBased{";

  /** A span without a (valid) parent. */
  final Decision roots;

  /** A span whose parent is valid and not sampled. */
  final Decision unsampledParents;

  /** A span whose parent is valid and sampled. */
  final Decision sampledParents;

  /** The recognized sampler's description, or null when unknown. */
  final String description;

  private KnownSampler(
      Decision roots, Decision unsampledParents, Decision sampledParents, String description) {
    this.roots = roots;
    this.unsampledParents = unsampledParents;
    this.sampledParents = sampledParents;
    this.description = description;
  }

  /** The decision known for a span with this parent (invalid: no parent). */
  Decision decide(SpanContext parent) {
    if (!parent.isValid()) {
      return roots;
    }
    return parent.isSampled() ? sampledParents : unsampledParents;
  }

  /** Whether every span is certain to be dropped, whatever its parent ({@code alwaysOff()}). */
  boolean dropsAll() {
    return roots == Decision.DROP
        && unsampledParents == Decision.DROP
        && sampledParents == Decision.DROP;
  }

  /** The sampler of {@code openTelemetry}'s SDK, when it is one of the recognized ones. */
  static KnownSampler of(OpenTelemetry openTelemetry) {
    try {
      // the SDK's loader: OpenTelemetrySdk hands out a tracer provider class of the SDK's own
      ClassLoader loader = openTelemetry.getTracerProvider().getClass().getClassLoader();
      Class<?> providerType = Class.forName(SDK_TRACER_PROVIDER, false, loader);
      Object provider = tracerProvider(openTelemetry, providerType, loader);
      if (provider == null) {
        return UNKNOWN;
      }
      Object sampler = providerType.getMethod("getSampler").invoke(provider);
      Class<?> type = Class.forName(SAMPLER, false, providerType.getClassLoader());
      return type.isInstance(sampler) ? recognize(type, sampler) : UNKNOWN;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return UNKNOWN; // no SDK there (the API alone, the Java agent's bridge), or another one
    }
  }

  /**
   * The SDK's tracer provider behind {@code openTelemetry}: an {@code OpenTelemetrySdk} (or the
   * SDK's own subclass of it, which it builds when the incubator is present), or an {@code
   * OpenTelemetry} of the application's own handing out the {@code SdkTracerProvider} itself.
   */
  private static Object tracerProvider(
      OpenTelemetry openTelemetry, Class<?> providerType, ClassLoader loader)
      throws ReflectiveOperationException {
    Class<?> sdkType = Class.forName(SDK, false, loader);
    if (sdkType.isInstance(openTelemetry)) {
      return sdkType.getMethod("getSdkTracerProvider").invoke(openTelemetry);
    }
    Object provider = openTelemetry.getTracerProvider();
    return providerType.isInstance(provider) ? provider : null;
  }

  private static KnownSampler recognize(Class<?> type, Object sampler)
      throws ReflectiveOperationException {
    Object alwaysOff = type.getMethod("alwaysOff").invoke(null);
    Object alwaysOn = type.getMethod("alwaysOn").invoke(null);
    String description = (String) type.getMethod("getDescription").invoke(sampler);
    // equals of the SDK's candidate, never of the configured sampler: a sampler of the
    // application's own cannot claim to be one of these
    if (alwaysOff.equals(sampler)) {
      return new KnownSampler(Decision.DROP, Decision.DROP, Decision.DROP, description);
    }
    if (alwaysOn.equals(sampler)) {
      return new KnownSampler(Decision.RECORD, Decision.RECORD, Decision.RECORD, description);
    }
    List<Object> roots = new ArrayList<>();
    roots.add(alwaysOff);
    roots.add(alwaysOn);
    if (description != null && description.startsWith(RATIO_ROOT)) {
      int end = description.indexOf('}', RATIO_ROOT.length());
      if (end > 0) {
        try {
          double ratio = Double.parseDouble(description.substring(RATIO_ROOT.length(), end));
          roots.add(type.getMethod("traceIdRatioBased", double.class).invoke(null, ratio));
        } catch (NumberFormatException e) {
          // not a ratio this SDK printed: not recognized
        }
      }
    }
    Method parentBased = type.getMethod("parentBased", type);
    for (Object root : roots) {
      if (parentBased.invoke(null, root).equals(sampler)) {
        Decision forRoots =
            root == alwaysOff ? Decision.DROP : root == alwaysOn ? Decision.RECORD : Decision.ASK;
        return new KnownSampler(forRoots, Decision.DROP, Decision.RECORD, description);
      }
    }
    return UNKNOWN;
  }

  @Override
  public String toString() {
    return description == null ? "unknown sampler" : description;
  }
}
