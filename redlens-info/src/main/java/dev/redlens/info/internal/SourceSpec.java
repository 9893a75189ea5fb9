package dev.redlens.info.internal;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@code ServerMetrics.Builder} was given: a node, a cluster seed, or a Sentinel-monitored
 * master. Validated when added; turned into a {@link NodeSource} when polling starts.
 *
 * @param kind what the URI names
 * @param uri the node, the seed, or the sentinel(s)
 * @param masterName the Sentinel master name, else {@code null}
 */
public record SourceSpec(Kind kind, RedisURI uri, String masterName) {

  /** What a spec's URI names. */
  public enum Kind {
    NODE,
    CLUSTER,
    SENTINEL
  }

  /** A node polled directly; rejects URIs without a host and Sentinel URIs. */
  public static SourceSpec node(RedisURI uri) {
    NodeAddress.of(uri);
    return new SourceSpec(Kind.NODE, uri, null);
  }

  /** Every node of the cluster {@code seed} belongs to. */
  public static SourceSpec cluster(RedisURI seed) {
    NodeAddress.of(seed);
    return new SourceSpec(Kind.CLUSTER, seed, null);
  }

  /**
   * The master monitored as {@code masterName} and its replicas, asked of the sentinel(s) of {@code
   * uri}: {@code redis://[:password@]sentinel:26379} (one sentinel; its password, if any, is used
   * for the data nodes too) or {@code redis-sentinel://[:password@]s1:26379,s2:26379} (Lettuce's
   * form: the password is the data nodes').
   */
  public static SourceSpec sentinel(String masterName, RedisURI uri) {
    if (masterName == null || masterName.isBlank()) {
      throw new IllegalArgumentException("Sentinel master name is empty");
    }
    if (uri.getSentinels().isEmpty()) {
      NodeAddress.of(uri);
    }
    return new SourceSpec(Kind.SENTINEL, uri, masterName);
  }

  /** Identifies the spec, to refuse the same one twice. */
  public String key() {
    String where =
        uri.getSentinels().isEmpty()
            ? NodeAddress.of(uri).key()
            : uri.getSentinels().stream().map(s -> NodeAddress.of(s).key()).toList().toString();
    return kind + " " + (masterName == null ? "" : masterName + "@") + where;
  }

  /** The source of nodes this spec names, polled with {@code timeout}. */
  public NodeSource open(RedisClient client, Duration timeout, String clientName) {
    return switch (kind) {
      case NODE -> NodeSource.of(forPolling(uri, timeout, clientName));
      case CLUSTER -> new ClusterNodeSource(client, forPolling(uri, timeout, clientName), timeout);
      case SENTINEL -> sentinelSource(client, timeout, clientName);
    };
  }

  private NodeSource sentinelSource(RedisClient client, Duration timeout, String clientName) {
    List<RedisURI> sentinels = new ArrayList<>();
    if (uri.getSentinels().isEmpty()) {
      sentinels.add(forPolling(uri, timeout, clientName));
    } else {
      for (RedisURI sentinel : uri.getSentinels()) {
        RedisURI.Builder plain =
            RedisURI.Builder.redis(sentinel.getHost(), sentinel.getPort()).withSsl(uri);
        if (sentinel.getCredentialsProvider() != null) {
          plain.withAuthentication(sentinel);
        }
        sentinels.add(forPolling(plain.build(), timeout, clientName));
      }
    }
    // the data nodes' template: the URI's credentials, TLS and database, at a host set per node
    RedisURI.Builder dataNodes =
        RedisURI.Builder.redis("localhost")
            .withSsl(uri)
            .withDatabase(uri.getDatabase())
            .withAuthentication(uri);
    if (uri.getClientName() != null) {
      dataNodes.withClientName(uri.getClientName());
    }
    return new SentinelNodeSource(
        client, masterName, sentinels, forPolling(dataNodes.build(), timeout, clientName), timeout);
  }

  /**
   * {@code uri} as polls use it: the timeout, a client name for {@code CLIENT LIST}, and no {@code
   * CLIENT SETINFO} (servers before 7.2 answer it with ERR, which would count in the very
   * errorstats this collector reports).
   */
  private static RedisURI forPolling(RedisURI uri, Duration timeout, String clientName) {
    RedisURI.Builder copy =
        RedisURI.builder(uri).withTimeout(timeout).withLibraryName("").withLibraryVersion("");
    if (uri.getClientName() == null) {
      copy.withClientName(clientName);
    }
    return copy.build();
  }
}
