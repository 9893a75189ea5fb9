package dev.redlens.core;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;

/**
 * A sampler of the application's own that keeps every span, whatever it calls itself: none of the
 * SDK's, so Redlens cannot know its decision before asking it.
 */
record KeepingSampler(String description) implements Sampler {

  @Override
  public SamplingResult shouldSample(
      Context parentContext,
      String traceId,
      String name,
      SpanKind spanKind,
      Attributes attributes,
      List<LinkData> parentLinks) {
    return SamplingResult.recordAndSample();
  }

  @Override
  public String getDescription() {
    return description;
  }
}
