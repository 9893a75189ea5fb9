/**
 * The service's Redis connections ({@link dev.redlens.service.internal.redis.RedisConnector}:
 * pooled connections scoped per project with redlens-project, and an instrumented administrative
 * connection), the pool status read from Redlens's pool telemetry, the embedded-Redis fallback and
 * the health check.
 */
package dev.redlens.service.internal.redis;
