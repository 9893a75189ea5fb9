/**
 * Server metrics from Redis {@code INFO}.
 *
 * <p>{@link dev.redlens.info.InfoSnapshot#parse(String)} turns the text of {@code INFO} (any server
 * version, any section, odd input included) into a typed snapshot without ever throwing. {@link
 * dev.redlens.info.ServerMetrics} polls nodes given one by one, every node of a Redis Cluster
 * (discovered from any node) and Sentinel-monitored masters with their replicas, concurrently on
 * its own daemon threads, and exports what it reads as OpenTelemetry observable instruments, named
 * as in the OpenTelemetry Collector's {@code redisreceiver} where it has a name (see {@link
 * dev.redlens.info.ServerMetricNames}).
 *
 * <p>The parsing of sections into typed values ({@code StructuredLines}) and the polling engine
 * (rounds, per-node pollers, {@code INFO} fetching, the instrument tables) are package-private
 * here, next to the types they build and read; {@code dev.redlens.info.internal} holds only what
 * they stand on (line and number parsing, node sources and discovery, threads, failure wording) and
 * depends on nothing in this package, so the two packages form no cycle.
 */
package dev.redlens.info;
