package dev.redlens.example;

import io.opentelemetry.exporter.logging.LoggingSpanExporter;
import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The example's OpenTelemetry SDK: every span printed to the log ({@link LoggingSpanExporter}) and
 * every metric on {@code GET /metrics} in the Prometheus text format. An application that already
 * has an {@code OpenTelemetry} bean (OpenTelemetry's Spring Boot starter) or the Java agent needs
 * none of this: Redlens uses what is there.
 */
@Configuration(proxyBeanMethods = false)
public class TelemetryConfiguration {

  @Bean
  PrometheusMetricReader prometheusMetricReader() {
    return PrometheusMetricReader.builder().build();
  }

  @Bean(destroyMethod = "close")
  OpenTelemetrySdk openTelemetry(PrometheusMetricReader prometheus) {
    return OpenTelemetrySdk.builder()
        .setTracerProvider(
            SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(LoggingSpanExporter.create()))
                .build())
        .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(prometheus).build())
        .build();
  }

  /** {@code GET /metrics}: what a Prometheus server scrapes. */
  @RestController
  static class MetricsController {
    private final PrometheusMetricReader prometheus;

    MetricsController(PrometheusMetricReader prometheus) {
      this.prometheus = prometheus;
    }

    @GetMapping("/metrics")
    ResponseEntity<byte[]> metrics() throws IOException {
      PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
      ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
      writer.write(out, prometheus.collect());
      return ResponseEntity.ok()
          .contentType(MediaType.parseMediaType(writer.getContentType()))
          .body(out.toByteArray());
    }
  }
}
