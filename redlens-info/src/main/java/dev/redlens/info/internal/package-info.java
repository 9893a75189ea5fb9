/**
 * Internals of {@code dev.redlens.info}: the line parser, number parsing, the per-node poller and
 * the instrument registration. Not an API: anything here may change without notice.
 */
package dev.redlens.info.internal;
