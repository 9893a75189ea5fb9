package dev.redlens.spring;

import io.opentelemetry.api.common.AttributeKey;

/**
 * Names of the metrics that the Spring integration adds to the Redlens telemetry contract (the rest
 * are in {@code dev.redlens.core.RedlensSemconv}): the statistics of Spring's {@code RedisCache}
 * per cache name, as {@code @Cacheable} sees them (a hit is a value found for a method call, not a
 * Redis read), modelled on Micrometer's well-known {@code cache.gets}/{@code cache.puts}.
 */
public final class RedlensSpringSemconv {

  /**
   * Cache look-ups of Spring's cache abstraction on Redis, by {@link #REDIS_CACHE_NAME} and {@code
   * redis.cache.result} ({@code hit}/{@code miss}). Counter, {@value #UNIT_REQUESTS}.
   */
  public static final String METRIC_CACHE_GETS = "redis.client.cache.gets";

  /** Values stored by Spring's cache abstraction on Redis, by {@link #REDIS_CACHE_NAME}. */
  public static final String METRIC_CACHE_PUTS = "redis.client.cache.puts";

  /** Entries removed (evicted or cleared) by Spring's cache abstraction, by cache name. */
  public static final String METRIC_CACHE_REMOVALS = "redis.client.cache.removals";

  /** The name of a Spring cache ({@code @Cacheable("books")}: {@code books}). */
  public static final AttributeKey<String> REDIS_CACHE_NAME =
      AttributeKey.stringKey("redis.cache.name");

  public static final String UNIT_REQUESTS = "{request}";
  public static final String UNIT_ENTRIES = "{entry}";

  private RedlensSpringSemconv() {}
}
