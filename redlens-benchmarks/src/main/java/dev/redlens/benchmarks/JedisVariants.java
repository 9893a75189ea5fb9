package dev.redlens.benchmarks;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.util.List;

/** The Jedis variants of the load driver (plain Jedis, Jedis + Redlens): added with the Jedis integration. */
final class JedisVariants {

  private JedisVariants() {}

  static List<LoadDriver.Variant> all(OpenTelemetrySdk metricsOnly, OpenTelemetrySdk sampled) {
    return List.of();
  }
}
