/**
 * Connection pool metrics: {@link dev.redlens.core.pool.PoolTelemetry} (from {@link
 * dev.redlens.core.RedisTelemetry#pools()}) reports the state of registered pools as the semantic
 * conventions' {@code db.client.connection.*} metrics, counts connection errors by type ({@code
 * redis.client.connection.errors}) and gives a {@link dev.redlens.core.pool.PoolSnapshot} per pool
 * for status endpoints. commons-pool2 pools (Jedis, Lettuce's {@code ConnectionPoolSupport}) are
 * supported out of the box; any other pool through a {@link dev.redlens.core.pool.PoolStateSource}.
 * commons-pool2 is an optional dependency: only the commons-pool2 methods need it.
 *
 * <p>The implementation (the instruments and their batch callback, registrations, the commons-pool2
 * adapters, the standard error classifier) is package-private here rather than in an {@code
 * internal} package: the public types and their implementation depend on each other, and one
 * package keeps that without a package cycle.
 */
package dev.redlens.core.pool;
