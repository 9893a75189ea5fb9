package dev.redlens.spring;

import dev.redlens.core.RedisTelemetry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The {@link RedisTelemetry} every Redis client of the application reports through. It uses the
 * context's {@link OpenTelemetry} bean (OpenTelemetry's own Spring Boot starter defines one, or the
 * application does), else {@link GlobalOpenTelemetry} (the Java agent's, or a no-op). A {@code
 * RedisTelemetry} bean of the application's own replaces it; {@code redlens.enabled=false} removes
 * it and everything built on it.
 */
@AutoConfiguration(
    afterName =
        "io.opentelemetry.instrumentation.spring.autoconfigure.OpenTelemetryAutoConfiguration")
@ConditionalOnClass(RedisTelemetry.class)
@ConditionalOnRedlensEnabled
@EnableConfigurationProperties(RedlensProperties.class)
public final class RedlensAutoConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  RedisTelemetry redisTelemetry(
      ObjectProvider<OpenTelemetry> openTelemetry, RedlensProperties properties) {
    RedlensProperties.QueryText queryText = properties.getQueryText();
    return RedisTelemetry.builder(openTelemetry(openTelemetry))
        .setTracingEnabled(properties.getTracing().isEnabled())
        .setRootSpans(properties.isRootSpans())
        .setSlowOperationThreshold(properties.getSlowOperationThreshold())
        .setHitRatioWindow(properties.getHitRatioWindow())
        .setMaxProjects(properties.getMaxProjects())
        .setProjectOnDuration(properties.isProjectOnDuration())
        .setMaxSeriesPerInstrument(properties.getMaxSeriesPerInstrument())
        .setCaptureQueryText(queryText.isCapture())
        .setSanitizeQueryText(queryText.isSanitize())
        .setMaskKeys(queryText.isMaskKeys())
        .setMaxQueryTextLength(queryText.getMaxLength())
        .build();
  }

  /** The context's {@code OpenTelemetry} if it has exactly one, else the global one. */
  public static OpenTelemetry openTelemetry(ObjectProvider<OpenTelemetry> openTelemetry) {
    return openTelemetry.getIfUnique(GlobalOpenTelemetry::get);
  }
}
