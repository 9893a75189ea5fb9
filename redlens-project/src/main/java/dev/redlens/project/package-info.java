/**
 * Project isolation: every Redis operation confined to one project (tenant), on the client and on
 * the server.
 *
 * <ul>
 *   <li>{@link dev.redlens.project.ProjectKeyspace}: a project's key prefix and connections
 *       confined to it (Lettuce connections, Jedis pooled and cluster clients), built on the
 *       client-neutral {@link dev.redlens.project.rewrite.KeyspaceRewriter};
 *   <li>{@link dev.redlens.project.ProjectAcl}: a Redis ACL user per project, enforcing the same
 *       boundary on the server;
 *   <li>{@link dev.redlens.project.ProjectCleanup}: deletes every key of one project;
 *   <li>{@link dev.redlens.project.RedisCommandRunner}: the client-neutral runner of raw commands
 *       through which ACL provisioning and cleanup reach Redis, with its Lettuce and Jedis adapters
 *       (over {@code internal.lettuce.LettuceRunner} and {@code internal.jedis.JedisRunner}, joined
 *       by {@code JoinedRunner}, which is also the cleanup's {@code internal.cleanup.NodeRunner});
 *   <li>{@link dev.redlens.project.ProjectIds}: validation of project ids (canonical lower-case
 *       UUIDs).
 * </ul>
 *
 * See the module README for the refused commands and the threat model.
 */
package dev.redlens.project;
