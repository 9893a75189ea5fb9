package dev.redlens.project.internal.cleanup;

/**
 * Keys deleted, and keys found moved to another node, by a cleanup: {@link MastersCleanup} runs
 * another round while the second is not 0.
 */
final class Tally {
  long deleted;
  long movedAway;
}
