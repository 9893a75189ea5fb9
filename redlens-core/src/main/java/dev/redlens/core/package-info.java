/**
 * Redlens core: {@link dev.redlens.core.RedisTelemetry} turns Redis commands into OpenTelemetry
 * spans and metrics (through the OpenTelemetry API only) and keeps local statistics ({@link
 * dev.redlens.core.TelemetrySnapshot}). Client integrations (Lettuce, Jedis) start each command
 * through a {@link dev.redlens.core.ClientScope} and end it through its {@link
 * dev.redlens.core.RedisOperation}; the names of every metric and attribute are in {@link
 * dev.redlens.core.RedlensSemconv}.
 */
package dev.redlens.core;
