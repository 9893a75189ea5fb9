package dev.redlens.service.internal.runtime;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.info.ServerMetrics;
import dev.redlens.service.internal.config.ServiceConfig;
import dev.redlens.service.internal.redis.HealthCheck;
import dev.redlens.service.internal.redis.RedisConnector;
import dev.redlens.service.internal.telemetry.TelemetrySetup;
import java.time.Instant;

/**
 * The running parts the HTTP layer uses, started in this order by {@code RedlensServer}: Redis
 * connection, telemetry, server-metrics collector (may be null if it could not start; {@code
 * collectorError} says why).
 *
 * @param redisSource how the Redis was chosen ({@code REDIS_URL}, {@code default}, {@code
 *     embedded})
 */
public record ServiceParts(
    ServiceConfig config,
    TelemetrySetup telemetry,
    RedisTelemetry redisTelemetry,
    RedisConnector connector,
    HealthCheck health,
    ServerMetrics serverMetrics,
    String collectorError,
    String redisSource,
    Instant startedAt) {}
