/**
 * The service's Redis connections ({@link dev.redlens.service.internal.redis.RedisConnector}:
 * pooled connections scoped per project with redlens-project, and instrumented administrative
 * connections, one per node), the topology that {@code REDIS_URL}'s scheme names ({@link
 * dev.redlens.service.internal.redis.RedisTopology}: one server, a Redis Cluster, a Sentinel
 * master; a Sentinel failover followed by {@code SentinelWatch}, woken by the sentinels'
 * announcements ({@code FailoverAnnouncements}) or its poll, the pool's connections taken out by
 * {@code PoolConnections}), the pool status read from Redlens's pool telemetry, how failures are
 * worded, and the health check (the embedded fallback is redlens-redis-launcher's {@code
 * RedisProcess}).
 */
package dev.redlens.service.internal.redis;
