package dev.redlens.spring.internal;

import static dev.redlens.spring.RedlensSpringSemconv.*;

import dev.redlens.core.RedlensSemconv;
import dev.redlens.core.instrumentation.OnceLogger;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongCounter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.springframework.cache.Cache;
import org.springframework.data.redis.cache.CacheStatistics;
import org.springframework.data.redis.cache.RedisCache;
import org.springframework.data.redis.cache.RedisCacheManager;

/**
 * Exports the statistics of every {@link RedisCache} of the application's {@link
 * RedisCacheManager}s ({@code @Cacheable} hits and misses, puts, removals) per cache name. They are
 * read at each collection from Spring's own counters (enabled with {@code
 * RedisCacheManagerBuilder#enableStatistics()}), so nothing runs per cache call. Cache names are
 * those the application declares, a bounded set.
 */
public final class RedisCacheMetrics implements AutoCloseable {

  private static final OnceLogger LOG = new OnceLogger(RedisCacheMetrics.class);

  private final Supplier<List<RedisCacheManager>> managers;
  private final List<ObservableLongCounter> counters;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Starts exporting; {@code managers} is asked at each collection (managers may come later). */
  public RedisCacheMetrics(
      OpenTelemetry openTelemetry, Supplier<List<RedisCacheManager>> managers) {
    this.managers = managers;
    Meter meter = openTelemetry.getMeter(RedlensSemconv.INSTRUMENTATION_SCOPE);
    this.counters =
        List.of(
            meter
                .counterBuilder(METRIC_CACHE_GETS)
                .setUnit(UNIT_REQUESTS)
                .setDescription("Look-ups of Spring's Redis caches, by cache name and result.")
                .buildWithCallback(measurement -> observe(measurement, Kind.GETS)),
            meter
                .counterBuilder(METRIC_CACHE_PUTS)
                .setUnit(UNIT_ENTRIES)
                .setDescription("Values stored in Spring's Redis caches, by cache name.")
                .buildWithCallback(measurement -> observe(measurement, Kind.PUTS)),
            meter
                .counterBuilder(METRIC_CACHE_REMOVALS)
                .setUnit(UNIT_ENTRIES)
                .setDescription("Entries removed from Spring's Redis caches, by cache name.")
                .buildWithCallback(measurement -> observe(measurement, Kind.REMOVALS)));
  }

  private enum Kind {
    GETS,
    PUTS,
    REMOVALS
  }

  private void observe(ObservableLongMeasurement measurement, Kind kind) {
    if (closed.get()) {
      return;
    }
    try {
      for (RedisCacheManager manager : managers.get()) {
        for (String name : manager.getCacheNames()) {
          Cache cache = manager.getCache(name);
          if (cache instanceof RedisCache redisCache) {
            record(measurement, kind, name, redisCache.getStatistics());
          }
        }
      }
    } catch (RuntimeException e) {
      // a collection must never fail the SDK's reader; report once
      LOG.warnOnce("collect", "Redlens: could not read Spring cache statistics", e);
    }
  }

  private static void record(
      ObservableLongMeasurement measurement, Kind kind, String name, CacheStatistics stats) {
    switch (kind) {
      case GETS -> {
        measurement.record(stats.getHits(), attributes(name, RedlensSemconv.CACHE_HIT));
        measurement.record(stats.getMisses(), attributes(name, RedlensSemconv.CACHE_MISS));
      }
      case PUTS -> measurement.record(stats.getPuts(), Attributes.of(REDIS_CACHE_NAME, name));
      case REMOVALS ->
          measurement.record(stats.getDeletes(), Attributes.of(REDIS_CACHE_NAME, name));
    }
  }

  private static Attributes attributes(String name, String result) {
    return Attributes.of(REDIS_CACHE_NAME, name, RedlensSemconv.REDIS_CACHE_RESULT, result);
  }

  /** Stops exporting; idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      counters.forEach(ObservableLongCounter::close);
    }
  }
}
