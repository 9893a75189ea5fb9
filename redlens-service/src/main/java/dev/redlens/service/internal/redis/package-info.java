/** The instrumented, pooled Lettuce client, the embedded-Redis fallback, the health check, and the two seams still to wire: ProjectScope (project isolation) and PoolMetrics (pool metrics). */
package dev.redlens.service.internal.redis;
