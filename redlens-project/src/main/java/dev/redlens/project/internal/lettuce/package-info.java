/**
 * The Lettuce half of client-side scoping: a connection wrapper whose {@code dispatch} rewrites
 * every command through the project's {@link dev.redlens.project.KeyspaceRewriter} (or refuses it),
 * command APIs (sync, async, reactive, pub/sub) built on that wrapper, a key codec that removes the
 * prefix from key-bearing replies, and pub/sub listeners that see channels without it. Not a public
 * API: use {@link dev.redlens.project.ProjectKeyspace#connect}.
 */
package dev.redlens.project.internal.lettuce;
