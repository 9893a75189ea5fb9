package dev.redlens.project.internal.jedis;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.jedis.JedisTelemetry;
import dev.redlens.project.rewrite.KeyspaceRewriter;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Set;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.ClusterConnectionProvider;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The Jedis entry points of {@code ProjectKeyspace}, kept here so that {@code ProjectKeyspace}
 * loads (and is verified) without Jedis on the class path: a Lettuce-only application never touches
 * this class. A scoped client is redlens-jedis's pooled client with the project's {@link
 * ScopedJedisHook} on each connection and the project's id on its telemetry.
 */
public final class JedisEntry {

  private JedisEntry() {}

  public static UnifiedJedis pooled(
      KeyspaceRewriter rewriter,
      RedisTelemetry telemetry,
      String uri,
      GenericObjectPoolConfig<Connection> poolConfig) {
    return scoped(rewriter, telemetry).build().pooled(uri, poolConfig);
  }

  public static UnifiedJedis pooled(
      KeyspaceRewriter rewriter,
      RedisTelemetry telemetry,
      HostAndPort hostAndPort,
      JedisClientConfig config,
      GenericObjectPoolConfig<Connection> poolConfig) {
    Objects.requireNonNull(hostAndPort, "hostAndPort");
    Objects.requireNonNull(config, "config");
    return scoped(rewriter, telemetry).build().pooled(hostAndPort, config, poolConfig);
  }

  /**
   * A client of the master that serves the project's one slot in the cluster of {@code nodes}:
   * redlens-jedis's cluster connection provider routing every command to that slot ({@code
   * setClusterSlot}), under Jedis's own cluster executor (redirections, retries, slot cache
   * refresh), with one node's command API ({@link SlotClients}), since the caller's keys are
   * unprefixed when Jedis's cluster API would route them by slot.
   */
  public static UnifiedJedis cluster(
      KeyspaceRewriter rewriter,
      RedisTelemetry telemetry,
      Set<HostAndPort> nodes,
      JedisClientConfig config,
      GenericObjectPoolConfig<Connection> poolConfig) {
    Objects.requireNonNull(config, "config");
    ClusterConnectionProvider provider =
        scoped(rewriter, telemetry)
            .setClusterSlot(slotOf(rewriter.keyPrefix()))
            .build()
            .clusterConnectionProvider(nodes, config, poolConfig);
    return SlotClients.client(provider, config);
  }

  private static JedisTelemetry.Builder scoped(
      KeyspaceRewriter rewriter, RedisTelemetry telemetry) {
    return JedisTelemetry.builder(telemetry == null ? Unrecorded.TELEMETRY : telemetry)
        .setProjectId(rewriter.projectId())
        .setConnectionHook(() -> new ScopedJedisHook(rewriter));
  }

  /**
   * The slot of every key of a project, that of the hash tag in its prefix.
   *
   * @throws IllegalArgumentException if the prefix has no hash tag ({@code {…}}, not empty): its
   *     keys would be spread over the cluster
   */
  static int slotOf(byte[] prefix) {
    int open = indexOf(prefix, (byte) '{', 0);
    int close = open < 0 ? -1 : indexOf(prefix, (byte) '}', open + 1);
    if (close <= open + 1) {
      throw new IllegalArgumentException(
          "A project on a Redis Cluster needs a key prefix with a hash tag, such as \"project:{%s}:\": "
              + new String(prefix, StandardCharsets.UTF_8));
    }
    return JedisClusterCRC16.getSlot(prefix);
  }

  private static int indexOf(byte[] bytes, byte wanted, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    return -1;
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
