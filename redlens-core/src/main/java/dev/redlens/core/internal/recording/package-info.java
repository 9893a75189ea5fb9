/**
 * The recording engine behind {@code RedisTelemetry}: it implements the integration SPI ({@code
 * dev.redlens.core.instrumentation}), resolves each command to a cached {@link
 * dev.redlens.core.internal.recording.CommandBinding}, starts and ends spans, records the client
 * metrics and the local statistics. Data flows one way: the facade ({@code dev.redlens.core})
 * creates a {@link dev.redlens.core.internal.recording.Recorder}; integrations reach it only
 * through the SPI interfaces. Not a public API: it may change in any release.
 */
package dev.redlens.core.internal.recording;
