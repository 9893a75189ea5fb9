/**
 * Internals of {@code dev.redlens.core} shared by the recorder and the pool instruments: error
 * classification and cardinality bounds. Not a public API: it may change in any release.
 */
package dev.redlens.core.internal;
