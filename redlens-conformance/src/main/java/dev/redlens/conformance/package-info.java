/**
 * The conformance suites: abstract JUnit 5 test classes that every Redlens client integration runs
 * against real servers through a small {@link dev.redlens.conformance.RedisDriver}, so that the
 * integrations emit the same spans and metrics (names, attributes, hit/miss and error
 * classification) for the same commands. An integration's test sources hold one small subclass per
 * suite and client; client-specific behaviour (Lettuce's reactive API, Jedis's pool) is tested next
 * to them, not here.
 */
package dev.redlens.conformance;
