/**
 * The work of {@link dev.redlens.project.ProjectCleanup}, one job a class: the {@code SCAN} of a
 * project's keys on one node ({@link dev.redlens.project.internal.cleanup.KeyScan}), their deletion
 * on that node following a slot migration under way or cut short ({@link
 * dev.redlens.project.internal.cleanup.NodeDeleter}, with {@code AskingUnlink} for the keys of a
 * slot the node imports and {@code ErrorReplies} telling {@code MOVED}, {@code ASK} and {@code
 * TRYAGAIN} apart), and the rounds over every master of a cluster ({@link
 * dev.redlens.project.internal.cleanup.MastersCleanup}, in the order of {@code MigrationOrder}). It
 * sends its commands through {@link dev.redlens.project.internal.cleanup.NodeRunner}, not the
 * public {@code RedisCommandRunner}, so that it does not depend on the package that depends on it.
 * Not a public API: use {@code ProjectCleanup}.
 */
package dev.redlens.project.internal.cleanup;
