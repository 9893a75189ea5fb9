/**
 * The Jedis adapter of project scoping: a Jedis {@code Connection} subclass through which every
 * command of every Jedis API (typed commands, {@code sendCommand}, pipelines, transactions,
 * pub/sub) is confined by the project's {@link dev.redlens.project.KeyspaceRewriter}, key-bearing
 * replies and pub/sub events come back without the prefix, and each command is recorded with the
 * project's telemetry scope. Internal: use {@link dev.redlens.project.ProjectKeyspace#jedisPooled}.
 */
package dev.redlens.project.internal.jedis;
