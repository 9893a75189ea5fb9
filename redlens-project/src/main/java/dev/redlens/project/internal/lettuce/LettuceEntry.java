package dev.redlens.project.internal.lettuce;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.project.rewrite.KeyspaceRewriter;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.Objects;

/**
 * The Lettuce entry points of {@code ProjectKeyspace}, kept here so that {@code ProjectKeyspace}
 * loads (and is verified) without Lettuce on the class path: a Jedis-only application never touches
 * this class.
 */
public final class LettuceEntry {

  private LettuceEntry() {}

  public static StatefulRedisConnection<String, String> connect(
      KeyspaceRewriter rewriter, RedisTelemetry telemetry, RedisClient client) {
    return connect(rewriter, telemetry, client, StringCodec.UTF8);
  }

  public static <K, V> StatefulRedisConnection<K, V> connect(
      KeyspaceRewriter rewriter,
      RedisTelemetry telemetry,
      RedisClient client,
      RedisCodec<K, V> codec) {
    Objects.requireNonNull(client, "client");
    LettuceScope scope = LettuceScope.create(rewriter, telemetry, null);
    return ScopedConnection.of(client.connect(codec), scope);
  }

  public static <K, V> StatefulRedisConnection<K, V> connectCluster(
      KeyspaceRewriter rewriter,
      RedisTelemetry telemetry,
      RedisClusterClient client,
      RedisCodec<K, V> codec) {
    Objects.requireNonNull(client, "client");
    return scopeCluster(rewriter, telemetry, client.connect(codec));
  }

  public static <K, V> StatefulRedisConnection<K, V> scopeCluster(
      KeyspaceRewriter rewriter,
      RedisTelemetry telemetry,
      StatefulRedisClusterConnection<K, V> connection) {
    Objects.requireNonNull(connection, "connection");
    LettuceScope scope = LettuceScope.create(rewriter, telemetry, null);
    return ScopedConnection.of(new ClusterConnectionAdapter<>(connection), scope);
  }

  public static StatefulRedisPubSubConnection<String, String> connectPubSub(
      KeyspaceRewriter rewriter, RedisTelemetry telemetry, RedisClient client) {
    return connectPubSub(rewriter, telemetry, client, StringCodec.UTF8);
  }

  public static <K, V> StatefulRedisPubSubConnection<K, V> connectPubSub(
      KeyspaceRewriter rewriter,
      RedisTelemetry telemetry,
      RedisClient client,
      RedisCodec<K, V> codec) {
    Objects.requireNonNull(client, "client");
    LettuceScope scope = LettuceScope.create(rewriter, telemetry, null);
    return ScopedPubSubConnection.of(client.connectPubSub(codec), scope);
  }

  public static <K, V> StatefulRedisConnection<K, V> scope(
      KeyspaceRewriter rewriter,
      RedisTelemetry telemetry,
      StatefulRedisConnection<K, V> connection,
      RedisURI server) {
    Objects.requireNonNull(connection, "connection");
    LettuceScope scope = LettuceScope.create(rewriter, telemetry, server);
    if (connection instanceof StatefulRedisPubSubConnection<K, V> pubSub) {
      return ScopedPubSubConnection.of(pubSub, scope);
    }
    return ScopedConnection.of(connection, scope);
  }
}
