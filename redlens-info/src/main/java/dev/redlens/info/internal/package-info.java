/**
 * Internals of {@code dev.redlens.info}: the line parser, number parsing, the per-node poller, the
 * sources of nodes (one node, cluster and Sentinel discovery), the polling rounds and the
 * instrument registration. Not an API: anything here may change without notice.
 */
package dev.redlens.info.internal;
