/**
 * Internals of project isolation, free of any client: byte and glob-escaping helpers ({@link
 * dev.redlens.project.internal.Bytes}, used across the module), and what the {@link
 * dev.redlens.project.rewrite.KeyspaceRewriter} applies to each command: the command policy tables
 * ({@link dev.redlens.project.internal.CommandPolicy}: commands refused whatever their keys,
 * keyless commands allowed) and the conservative Lua script inspector ({@link
 * dev.redlens.project.internal.ScriptInspector}, with its tokenizer {@code LuaTokens} and {@code
 * TokenRanges}). The runners of raw commands are elsewhere: the public {@link
 * dev.redlens.project.RedisCommandRunner}, its client adapters in {@code internal.lettuce} and
 * {@code internal.jedis}, and the cleanup's {@code internal.cleanup.NodeRunner}. Not a public API.
 */
package dev.redlens.project.internal;
