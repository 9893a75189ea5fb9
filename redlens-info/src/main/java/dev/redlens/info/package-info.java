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
 */
package dev.redlens.info;
