/**
 * Internals of {@code dev.redlens.core}: metric instruments, error classification, cardinality
 * bounds and once-only logging. Not a public API: it may change in any release.
 */
package dev.redlens.core.internal;
