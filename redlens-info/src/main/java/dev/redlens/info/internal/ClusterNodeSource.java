package dev.redlens.info.internal;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.models.partitions.ClusterPartitionParser;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode.NodeFlag;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Every node of a Redis Cluster, discovered from any node: {@code CLUSTER SHARDS} (Redis 7+), or
 * {@code CLUSTER NODES} where the server does not know it (6.2; asked once, so the refusal does not
 * pile up in the node's errorstats). Nodes still in handshake or without an address are left out;
 * failed nodes stay listed (their polls fail and count) until the cluster forgets them. Discovered
 * nodes are reached with the seed's credentials, TLS and options, at the address the cluster
 * announces.
 */
public final class ClusterNodeSource implements NodeSource {
  private final List<RedisURI> seeds;
  private final DiscoveryConnection<StatefulRedisConnection<String, String>> discovery;
  private volatile List<RedisURI> known = List.of();
  private boolean shardsUnknown;

  /** A cluster reached through {@code seed} (already configured for polling). */
  public ClusterNodeSource(RedisClient client, RedisURI seed, Duration timeout) {
    this.seeds = List.of(seed);
    this.discovery =
        new DiscoveryConnection<>(
            client,
            (c, uri) -> c.connect(StringCodec.UTF8, uri),
            timeout,
            "the cluster of " + NodeAddress.of(seed).safeUri());
  }

  @Override
  public List<RedisURI> nodes(Predicate<String> responsive) {
    Partitions partitions =
        discovery.ask(seeds, known, responsive, connection -> topology(connection.sync()));
    if (partitions != null) {
      known = uris(partitions);
    }
    // before the first answer, the seed itself: its failures (or its metrics, if it turns out not
    // to be a cluster node) show instead of nothing
    return known.isEmpty() ? seeds : known;
  }

  private Partitions topology(RedisCommands<String, String> commands) {
    if (!shardsUnknown) {
      try {
        return ClusterPartitionParser.parse(commands.clusterShards());
      } catch (RedisCommandExecutionException unknown) {
        shardsUnknown = true; // Redis before 7.0
      }
    }
    return ClusterPartitionParser.parse(commands.clusterNodes());
  }

  private List<RedisURI> uris(Partitions partitions) {
    Map<String, RedisURI> nodes = new LinkedHashMap<>();
    for (RedisClusterNode node : partitions) {
      RedisURI announced = node.getUri();
      if (node.is(NodeFlag.HANDSHAKE)
          || node.is(NodeFlag.NOADDR)
          || announced == null
          || announced.getHost() == null
          || announced.getHost().isEmpty()
          || announced.getPort() <= 0) {
        continue;
      }
      RedisURI uri =
          RedisURI.builder(seeds.get(0))
              .withHost(announced.getHost())
              .withPort(announced.getPort())
              .build();
      nodes.putIfAbsent(NodeAddress.of(uri).key(), uri);
    }
    return new ArrayList<>(nodes.values());
  }

  @Override
  public void close() {
    discovery.close();
  }
}
