/**
 * Test fixtures of Redlens: {@link dev.redlens.testing.RedisServer} (real {@code redis-server}
 * processes on free ports, from the {@code PATH} or the embedded-redis artifact), {@link
 * dev.redlens.testing.RedisServerExtension} (JUnit 5), {@link dev.redlens.testing.RedisCluster} and
 * {@link dev.redlens.testing.RedisClusterExtension} (a real Redis Cluster: failover, slot
 * migration), {@link dev.redlens.testing.RedisSentinel} (master, replicas, sentinels) and {@link
 * dev.redlens.testing.InMemoryTelemetry} (the real OpenTelemetry SDK with in-memory exporters). No
 * mocks: everything here is a real server or the real SDK.
 */
package dev.redlens.testing;
