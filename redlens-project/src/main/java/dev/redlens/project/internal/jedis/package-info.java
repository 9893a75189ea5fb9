/**
 * The Jedis adapter of project scoping: a {@link dev.redlens.jedis.spi.ConnectionHook} on
 * redlens-jedis's connection, through which every command of every Jedis API (typed commands,
 * {@code sendCommand}, pipelines, transactions, pub/sub) is confined by the project's {@link
 * dev.redlens.project.KeyspaceRewriter}, and key-bearing replies and pub/sub events come back
 * without the prefix. Recording (with the project's id), the bounded reply queue and pool metrics
 * are redlens-jedis's. Internal: use {@link dev.redlens.project.ProjectKeyspace#jedisPooled}.
 */
package dev.redlens.project.internal.jedis;
