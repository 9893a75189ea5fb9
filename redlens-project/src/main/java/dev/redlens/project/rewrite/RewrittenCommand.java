package dev.redlens.project.rewrite;

import java.util.List;

/**
 * A command confined to a project: the arguments to send (keys and channels prefixed, patterns
 * confined) and whether the reply carries key or channel names that a client must give back without
 * the prefix.
 *
 * @param command the command name as sent (unchanged)
 * @param arguments the arguments after the name, to send instead of the original ones (never shared
 *     with them)
 * @param replyHasKeys whether key or channel names in the reply ({@code KEYS}, {@code SCAN}, {@code
 *     BLPOP}, {@code XREAD}, {@code PUBSUB CHANNELS}, …) carry the prefix, to be removed with
 *     {@link KeyspaceRewriter#unprefix(byte[])}
 */
public record RewrittenCommand(String command, List<byte[]> arguments, boolean replyHasKeys) {}
