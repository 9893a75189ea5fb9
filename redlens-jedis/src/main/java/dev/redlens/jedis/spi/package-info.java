/**
 * The extension point of Redlens's Jedis connection, for integrations that build on it (such as
 * {@code redlens-project}, which confines every command to one project): a {@link
 * dev.redlens.jedis.spi.ConnectionHook} rewrites each command before it is written, transforms its
 * reply, and sees pub/sub events, while the connection itself keeps doing everything it does for a
 * plain client (one operation per command, the bounded reply queue, pool metrics, every failure
 * path). Install it with {@link dev.redlens.jedis.JedisTelemetry.Builder#setConnectionHook}. Public
 * and stable: names here change only with a major version.
 */
package dev.redlens.jedis.spi;
