/**
 * A Spring Boot web application observed by Redlens: a cached book service and a visit counter on a
 * {@code StringRedisTemplate}. Redlens itself needs nothing here but the starter dependency; {@link
 * dev.redlens.example.TelemetryConfiguration} only gives the example an OpenTelemetry SDK to show
 * what is recorded.
 */
package dev.redlens.example;
