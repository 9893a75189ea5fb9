/**
 * Internals of the test fixtures: a minimal RESP connection, free ports, the process guard. Not a
 * public API.
 */
package dev.redlens.testing.internal;
