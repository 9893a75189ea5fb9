/**
 * Local statistics behind {@code RedisTelemetry.snapshot()}: HdrHistogram latency distributions per
 * command (wait-free recording), counters per category and error type, and cache hit ratios over a
 * sliding window. Memory is constant whatever the number of commands recorded. Internal: not a
 * public API.
 */
package dev.redlens.core.internal.stats;
