/**
 * The Lettuce half of project scoping: a connection wrapper whose {@code dispatch} rewrites every
 * command through the project's {@link dev.redlens.project.rewrite.KeyspaceRewriter} (or refuses
 * it), command APIs (sync, async, reactive, pub/sub) built on that wrapper, a cluster connection
 * seen as one connection to the project's slot, a key codec that removes the prefix from
 * key-bearing replies, and pub/sub listeners that see channels without it; {@code LettuceEntry}
 * holds {@code ProjectKeyspace}'s Lettuce entry points, so that it loads without Lettuce. Also the
 * raw-command runner over a Lettuce connection ({@code LettuceRunner}) that {@code
 * RedisCommandRunner.lettuce} adapts, for ACL provisioning and cleanup. Not a public API: use
 * {@link dev.redlens.project.ProjectKeyspace#connect}.
 */
package dev.redlens.project.internal.lettuce;
