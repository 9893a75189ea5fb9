package dev.redlens.project.internal.jedis;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.jedis.JedisTelemetry;
import dev.redlens.project.rewrite.KeyspaceRewriter;
import io.opentelemetry.api.OpenTelemetry;
import java.net.URI;
import java.util.Objects;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * The Jedis entry points of {@code ProjectKeyspace}, kept here so that {@code ProjectKeyspace}
 * loads (and is verified) without Jedis on the class path: a Lettuce-only application never touches
 * this class. A scoped client is redlens-jedis's pooled client with the project's {@link
 * ScopedJedisHook} on each connection and the project's id on its telemetry.
 */
public final class JedisEntry {

  private JedisEntry() {}

  public static RedisClient pooled(
      KeyspaceRewriter rewriter,
      RedisTelemetry telemetry,
      String uri,
      GenericObjectPoolConfig<Connection> poolConfig) {
    URI parsed = URI.create(Objects.requireNonNull(uri, "uri"));
    if (!JedisURIHelper.isValid(parsed)) {
      throw new IllegalArgumentException("Not a Redis URI (redis[s]://host[:port][/db]): " + uri);
    }
    return pooled(
        rewriter,
        telemetry,
        JedisURIHelper.getHostAndPort(parsed),
        DefaultJedisClientConfig.builder(parsed).build(),
        poolConfig);
  }

  public static RedisClient pooled(
      KeyspaceRewriter rewriter,
      RedisTelemetry telemetry,
      HostAndPort hostAndPort,
      JedisClientConfig config,
      GenericObjectPoolConfig<Connection> poolConfig) {
    Objects.requireNonNull(hostAndPort, "hostAndPort");
    Objects.requireNonNull(config, "config");
    return JedisTelemetry.builder(telemetry == null ? Unrecorded.TELEMETRY : telemetry)
        .setProjectId(rewriter.projectId())
        .setConnectionHook(() -> new ScopedJedisHook(rewriter))
        .build()
        .redisClients()
        .pooled(hostAndPort, config, poolConfig);
  }

  /**
   * The telemetry of keyspaces without one: scoped clients are redlens-jedis's clients, which
   * always record; this one exports nothing (no-op OpenTelemetry, tracing off) and is shared, so it
   * costs no registration per client.
   */
  private static final class Unrecorded {
    static final RedisTelemetry TELEMETRY =
        RedisTelemetry.builder(OpenTelemetry.noop()).setTracingEnabled(false).build();
  }
}
