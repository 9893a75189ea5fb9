/**
 * Redlens for Lettuce: {@link dev.redlens.lettuce.LettuceTelemetry} instruments a Lettuce {@code
 * RedisClient} so that each command becomes a span and client metrics through {@code
 * dev.redlens.core.RedisTelemetry}.
 */
package dev.redlens.lettuce;
