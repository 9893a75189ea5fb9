/**
 * Redlens core, the application API: {@link dev.redlens.core.RedisTelemetry} (built with {@link
 * dev.redlens.core.RedisTelemetryBuilder}) turns Redis commands into OpenTelemetry spans and
 * metrics (through the OpenTelemetry API only) and keeps local statistics ({@link
 * dev.redlens.core.TelemetrySnapshot}); the names of every metric and attribute are in {@link
 * dev.redlens.core.RedlensSemconv}. Client integrations (Lettuce, Jedis) record commands through
 * the SPI in {@code dev.redlens.core.instrumentation}; the recording engine behind both is in
 * {@code dev.redlens.core.internal.recording}.
 */
package dev.redlens.core;
