/**
 * What {@code dev.redlens.info} stands on: the {@code INFO} line parser and number parsing, the
 * sources of nodes (one node, cluster and Sentinel discovery) with their discovery connection and
 * order, poller threads and failure wording. Depends on nothing in {@code dev.redlens.info} (the
 * typed values, their parsing and the polling engine live there). Not an API: anything here may
 * change without notice.
 */
package dev.redlens.info.internal;
