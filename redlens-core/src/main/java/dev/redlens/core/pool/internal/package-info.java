/**
 * Internals of {@code dev.redlens.core.pool}: the pool instruments and their batch callback,
 * registrations, the commons-pool2 adapters (state reader, factory wrapper, swallowed-exception
 * listener) and the standard connection error classifier. Not a public API: it may change in any
 * release.
 */
package dev.redlens.core.pool.internal;
