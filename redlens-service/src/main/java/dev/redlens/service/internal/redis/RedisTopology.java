package dev.redlens.service.internal.redis;

import dev.redlens.core.pool.PoolTelemetry;
import dev.redlens.info.ServerMetrics;
import io.lettuce.core.RedisURI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which Redis the service talks to, read from {@code REDIS_URL}'s scheme: one server ({@code
 * redis://}, {@code rediss://}, {@code redis-socket://}), a Redis Cluster ({@code
 * redis-cluster://[user:pass@]host:port[,host:port…]}, {@code rediss-cluster://} for TLS: each
 * listed node is a seed from which the cluster is discovered) or a Sentinel-monitored master
 * (Lettuce's form, {@code redis-sentinel://[:pass@]host:port[,host:port…][/db]#master}, {@code
 * rediss-sentinel://}). A URL that names no node, no master, or an unknown scheme fails here, at
 * start, with a message saying what was expected.
 *
 * @param kind which topology
 * @param uri the server's URI (standalone), the Sentinel URI (sentinel), the first seed (cluster)
 * @param seeds every seed of a cluster (one element otherwise)
 */
public record RedisTopology(Kind kind, RedisURI uri, List<RedisURI> seeds) {

  /** The topology a URL names. */
  public enum Kind {
    STANDALONE,
    CLUSTER,
    SENTINEL
  }

  static final String FORMS =
      "redis://host:port[/db], rediss://…, redis-socket://path,"
          + " redis-cluster://host:port[,host:port…], rediss-cluster://…,"
          + " redis-sentinel://host:port[,host:port…][/db]#master or rediss-sentinel://…";

  public RedisTopology {
    seeds = List.copyOf(seeds);
  }

  /**
   * Reads {@code url}.
   *
   * @throws IllegalArgumentException naming what is wrong (unknown scheme, no node, no master name,
   *     a database other than 0 on a cluster, a URL Lettuce cannot read)
   */
  public static RedisTopology parse(String url) {
    int colon = url.indexOf("://");
    if (colon <= 0) {
      throw new IllegalArgumentException("REDIS_URL must be one of " + FORMS + ": " + redact(url));
    }
    String scheme = url.substring(0, colon).toLowerCase(Locale.ROOT);
    return switch (scheme) {
      case "redis", "rediss", "redis-socket" ->
          new RedisTopology(Kind.STANDALONE, lettuce(url, url), List.of(lettuce(url, url)));
      case "redis-sentinel", "rediss-sentinel" -> sentinel(url);
      case "redis-cluster", "rediss-cluster" -> cluster(url, scheme, url.substring(colon + 3));
      default ->
          throw new IllegalArgumentException(
              "REDIS_URL has an unknown scheme '"
                  + scheme
                  + "': expected one of "
                  + FORMS
                  + ": "
                  + redact(url));
    };
  }

  private static RedisTopology sentinel(String url) {
    int hash = url.lastIndexOf('#');
    if (hash < 0 || url.substring(hash + 1).isBlank()) {
      throw new IllegalArgumentException(
          "REDIS_URL names no Sentinel master: add it after '#', as in"
              + " redis-sentinel://host:26379#mymaster: "
              + redact(url));
    }
    RedisURI uri = lettuce(url, url);
    if (uri.getSentinels().isEmpty()) {
      throw new IllegalArgumentException(
          "REDIS_URL names no sentinel: expected redis-sentinel://host:port[,host:port…]#master: "
              + redact(url));
    }
    return new RedisTopology(Kind.SENTINEL, uri, List.of(uri));
  }

  /**
   * {@code redis-cluster://[userinfo@]h1:p1,h2:p2[/0][?query]}: each host becomes {@code
   * redis://[userinfo@]host:port[/0][?query]}, read by Lettuce.
   */
  private static RedisTopology cluster(String url, String scheme, String rest) {
    int end = indexOfAny(rest, "/?#");
    String authority = end < 0 ? rest : rest.substring(0, end);
    String tail = end < 0 ? "" : rest.substring(end);
    int at = authority.lastIndexOf('@');
    String userInfo = at < 0 ? "" : authority.substring(0, at + 1);
    String hosts = authority.substring(at + 1);
    String nodeScheme = scheme.startsWith("rediss") ? "rediss://" : "redis://";
    List<RedisURI> seeds = new ArrayList<>();
    for (String host : hosts.split(",")) {
      if (!host.isBlank()) {
        seeds.add(lettuce(nodeScheme + userInfo + host.trim() + tail, url));
      }
    }
    if (seeds.isEmpty()) {
      throw new IllegalArgumentException(
          "REDIS_URL names no cluster node: expected "
              + scheme
              + "://host:port[,host:port…]: "
              + redact(url));
    }
    if (seeds.get(0).getDatabase() != 0) {
      throw new IllegalArgumentException(
          "REDIS_URL selects database "
              + seeds.get(0).getDatabase()
              + ", but a Redis Cluster has only database 0: "
              + redact(url));
    }
    return new RedisTopology(Kind.CLUSTER, seeds.get(0), seeds);
  }

  private static RedisURI lettuce(String url, String original) {
    RedisURI uri;
    try {
      uri = RedisURI.create(url);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "REDIS_URL is not a valid Redis URL (" + e.getMessage() + "): " + redact(original), e);
    }
    if (uri.getSocket() == null && uri.getSentinels().isEmpty() && isBlank(uri.getHost())) {
      throw new IllegalArgumentException("REDIS_URL names no host: " + redact(original));
    }
    return uri;
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  private static int indexOfAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  /** {@code url} without credentials. */
  public static String redact(String url) {
    return url.replaceAll("//[^@/]*@", "//***@");
  }

  /** The URL without credentials, as the status and health endpoints show it. */
  public String display() {
    return switch (kind) {
      case STANDALONE -> display(uri);
      case CLUSTER ->
          (uri.isSsl() ? "rediss-cluster://" : "redis-cluster://")
              + seeds.stream().map(RedisTopology::hostPort).collect(Collectors.joining(","));
      case SENTINEL ->
          (uri.isSsl() ? "rediss-sentinel://" : "redis-sentinel://")
              + uri.getSentinels().stream()
                  .map(RedisTopology::hostPort)
                  .collect(Collectors.joining(","))
              + (uri.getDatabase() == 0 ? "" : "/" + uri.getDatabase())
              + "#"
              + uri.getSentinelMasterId();
    };
  }

  /** A server's URI without credentials. */
  static String display(RedisURI node) {
    if (node.getSocket() != null) {
      return "redis-socket://" + node.getSocket();
    }
    return (node.isSsl() ? "rediss" : "redis")
        + "://"
        + hostPort(node)
        + (node.getDatabase() == 0 ? "" : "/" + node.getDatabase());
  }

  static String hostPort(RedisURI node) {
    return node.getHost() + ":" + node.getPort();
  }

  /**
   * The pool name ({@code db.client.connection.pool.name}): {@code host:port/db} of the server (a
   * Unix socket: {@code path/db}), the seeds of a cluster ({@code h1:p1,h2:p2/0}), the master name
   * and sentinels of a Sentinel setup ({@code mymaster@h1:p1,h2:p2/db}).
   */
  public String poolName() {
    return switch (kind) {
      case STANDALONE ->
          uri.getSocket() != null
              ? PoolTelemetry.defaultName(uri.getSocket(), -1, uri.getDatabase())
              : PoolTelemetry.defaultName(uri.getHost(), uri.getPort(), uri.getDatabase());
      case CLUSTER ->
          seeds.stream().map(RedisTopology::hostPort).collect(Collectors.joining(",")) + "/0";
      case SENTINEL ->
          uri.getSentinelMasterId()
              + "@"
              + uri.getSentinels().stream()
                  .map(RedisTopology::hostPort)
                  .collect(Collectors.joining(","))
              + "/"
              + uri.getDatabase();
    };
  }

  /** Adds this topology's nodes to a server-metrics collector: one node, a cluster, a master. */
  public ServerMetrics.Builder addTo(ServerMetrics.Builder builder) {
    return switch (kind) {
      case STANDALONE -> builder.addNode(uri);
      case CLUSTER -> builder.addCluster(uri);
      case SENTINEL -> builder.addSentinel(uri.getSentinelMasterId(), uri);
    };
  }
}
