/**
 * Drivers of the conformance suites over Lettuce connections and Jedis clients, for every client
 * integration to reuse (plain, project-scoped, cluster, sentinel): a test builds the instrumented
 * client its way and hands it to a driver. Lettuce and Jedis are {@code provided} dependencies of
 * this module: a test module brings the client it tests.
 */
package dev.redlens.conformance.drivers;
