/**
 * Redlens for Jedis: {@link dev.redlens.jedis.JedisTelemetry} builds Jedis 7 clients (pooled or on
 * a single connection) whose every command becomes a span and the client metrics of the Redlens
 * telemetry contract, the same as the Lettuce integration emits for the same commands.
 */
package dev.redlens.jedis;
