package dev.redlens.info.internal;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.Optional;

/**
 * Where a node is, as its points name it, and its URI without credentials.
 *
 * @param address {@code server.address}: host, or the socket path of a Unix socket
 * @param port {@code server.port}, or {@code -1} for a Unix socket
 * @param safeUri the URI with the password removed
 */
public record NodeAddress(String address, int port, String safeUri) {

  /** Reads the address of {@code uri}; rejects Sentinel URIs (poll each node directly). */
  public static NodeAddress of(RedisURI uri) {
    if (!uri.getSentinels().isEmpty()) {
      throw new IllegalArgumentException(
          "Sentinel URIs name no single node: use addSentinel(masterName, uri), or add each node's own URI");
    }
    String user = userOf(uri).map(u -> u + "@").orElse("");
    String scheme = uri.isSsl() ? "rediss" : "redis";
    if (uri.getSocket() != null) {
      return new NodeAddress(uri.getSocket(), -1, "redis-socket://" + uri.getSocket());
    }
    String host = uri.getHost();
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("Node URI has no host: " + uri);
    }
    String shownHost = host.contains(":") ? "[" + host + "]" : host;
    return new NodeAddress(
        host,
        uri.getPort(),
        scheme + "://" + user + shownHost + ":" + uri.getPort() + "/" + uri.getDatabase());
  }

  /**
   * The user name of {@code uri}, for display only. Read without waiting from an immediate
   * provider, or from the static provider that {@code RedisURI} builds from {@code
   * redis://user:password@…}; never from a provider that might fetch tokens remotely.
   */
  private static Optional<String> userOf(RedisURI uri) {
    RedisCredentialsProvider provider = uri.getCredentialsProvider();
    try {
      RedisCredentials credentials = null;
      if (provider
          instanceof RedisCredentialsProvider.ImmediateRedisCredentialsProvider immediate) {
        credentials = immediate.resolveCredentialsNow();
      } else if (provider != null
          && provider.getClass().getName().startsWith(RedisURI.class.getName())) {
        credentials = provider.resolveCredentials().block(Duration.ofSeconds(1));
      }
      if (credentials != null && credentials.hasUsername()) {
        return Optional.of(credentials.getUsername());
      }
    } catch (RuntimeException unreadable) {
      // display only: a URI whose user cannot be read is shown without one
    }
    return Optional.empty();
  }

  /** {@code address:port}. */
  public String key() {
    return address + ":" + port;
  }
}
