package dev.redlens.spring.internal;

import dev.redlens.info.ServerMetrics;
import io.lettuce.core.RedisURI;
import java.util.List;

/**
 * Adds the Redis an application connects to, as Spring Boot describes it in its connection details,
 * to a {@link ServerMetrics.Builder}: a standalone server, a cluster (one seed: {@code
 * ServerMetrics} discovers the other nodes), the master and replicas a Sentinel names, or
 * master/replica nodes. Boot 3 ({@code RedisConnectionDetails}) and Boot 4 ({@code
 * DataRedisConnectionDetails}) describe the same things with different types; each generation's
 * auto-configuration reads its own and hands the values here, so the URIs are built in one place.
 */
public final class ServerMetricsNodes {

  /** A host and port of a node or sentinel. */
  public record Address(String host, int port) {}

  private final ServerMetrics.Builder builder;
  private final boolean ssl;
  private final String username;
  private final String password;

  /** Nodes added to {@code builder} with the data nodes' TLS flag and credentials (may be null). */
  public ServerMetricsNodes(
      ServerMetrics.Builder builder, boolean ssl, String username, String password) {
    this.builder = builder;
    this.ssl = ssl;
    this.username = username;
    this.password = password;
  }

  /** One server, polled alone (standalone, or each configured master/replica node). */
  public void node(String host, int port, int database) {
    builder.addNode(uri(RedisURI.builder().withHost(host).withPort(port).withDatabase(database)));
  }

  /** A cluster, discovered from its first configured node and followed from there. */
  public void cluster(List<Address> nodes) {
    Address seed = nodes.get(0);
    builder.addCluster(uri(RedisURI.builder().withHost(seed.host()).withPort(seed.port())));
  }

  /** The master and replicas that the sentinels name, asked again at every round. */
  public void sentinel(
      String master, int database, List<Address> sentinels, String sentinelPassword) {
    RedisURI.Builder uri = RedisURI.builder().withSentinelMasterId(master).withDatabase(database);
    for (Address sentinel : sentinels) {
      if (sentinelPassword != null) {
        uri.withSentinel(sentinel.host(), sentinel.port(), sentinelPassword);
      } else {
        uri.withSentinel(sentinel.host(), sentinel.port());
      }
    }
    builder.addSentinel(master, uri(uri));
  }

  private RedisURI uri(RedisURI.Builder uri) {
    uri.withSsl(ssl);
    if (password != null) {
      if (username != null) {
        uri.withAuthentication(username, password);
      } else {
        uri.withPassword(password.toCharArray());
      }
    }
    return uri.build();
  }
}
