/**
 * The Jedis adapter of project scoping: a {@link dev.redlens.jedis.spi.ConnectionHook} on
 * redlens-jedis's connection, through which every command of every Jedis API (typed commands,
 * {@code sendCommand}, pipelines, transactions, pub/sub) is confined by the project's {@link
 * dev.redlens.project.rewrite.KeyspaceRewriter}, and key-bearing replies and pub/sub events come
 * back without the prefix. A project's cluster client sends every command to the project's slot
 * ({@code SlotClients}: Jedis's own cluster executor, {@code SlotCommandExecutor}, on Jedis 6 and
 * 7; the project's {@code SlotRedirectExecutor} on Jedis 8); {@code JedisEntry} holds {@code
 * ProjectKeyspace}'s Jedis entry points, so that it loads without Jedis. Also the raw-command
 * runner over a Jedis client or one node's pool ({@code JedisRunner}) that {@code
 * RedisCommandRunner.jedis} adapts, for ACL provisioning and cleanup. Recording (with the project's
 * id), the bounded reply queue and pool metrics are redlens-jedis's. Internal: use {@link
 * dev.redlens.project.ProjectKeyspace#jedisPooled} or {@link
 * dev.redlens.project.ProjectKeyspace#jedisCluster}.
 */
package dev.redlens.project.internal.jedis;
