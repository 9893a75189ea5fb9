/**
 * The OpenTelemetry SDK from autoconfiguration, the Prometheus reader behind /metrics, exporter
 * state and span counting.
 */
package dev.redlens.service.internal.telemetry;
