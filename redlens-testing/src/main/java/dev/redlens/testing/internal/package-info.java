/**
 * Internals of the test fixtures: a minimal RESP connection, free ports, the process guard, the
 * parsing of {@code CLUSTER NODES}, waiting for a state. Not a public API.
 */
package dev.redlens.testing.internal;
