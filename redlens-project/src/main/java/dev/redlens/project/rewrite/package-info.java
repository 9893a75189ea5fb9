/**
 * The keyspace rewriter of project isolation: how a command's keys and channels are confined to one
 * project ({@link dev.redlens.project.rewrite.KeyspaceRewriter}), the rewritten command, and the
 * refusal of commands that could escape the project ({@link
 * dev.redlens.project.rewrite.ProjectIsolationException}).
 *
 * <p>It sits below both {@code dev.redlens.project} (the entry points) and the client-specific
 * internal packages that apply it, so that the packages form no cycle.
 */
package dev.redlens.project.rewrite;
