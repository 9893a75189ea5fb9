package dev.redlens.info.internal;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import io.lettuce.core.sentinel.api.sync.RedisSentinelCommands;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The master that Sentinel monitors under a name, and its replicas, asked of the sentinels before
 * every round ({@code SENTINEL GET-MASTER-ADDR-BY-NAME}, {@code SENTINEL REPLICAS}), so a failover
 * shows at the next round. Replicas the sentinels consider down or disconnected stay listed (their
 * polls fail and count); data nodes are reached with the credentials, TLS and database of the
 * template URI.
 */
public final class SentinelNodeSource implements NodeSource {
  private final String masterName;
  private final List<RedisURI> sentinels;
  private final RedisURI dataNodes;
  private final DiscoveryConnection<StatefulRedisSentinelConnection<String, String>> discovery;
  private volatile List<RedisURI> known = List.of();

  /**
   * Nodes of {@code masterName} as {@code sentinels} (plain URIs of sentinels) report them; each
   * data node is polled with {@code dataNodes}'s credentials and options.
   */
  public SentinelNodeSource(
      RedisClient client,
      String masterName,
      List<RedisURI> sentinels,
      RedisURI dataNodes,
      Duration timeout) {
    this.masterName = masterName;
    this.sentinels = List.copyOf(sentinels);
    this.dataNodes = dataNodes;
    this.discovery =
        new DiscoveryConnection<>(
            client,
            (c, uri) -> c.connectSentinel(StringCodec.UTF8, uri),
            timeout,
            "Sentinel master " + masterName);
  }

  @Override
  public List<RedisURI> nodes(Predicate<String> responsive) {
    // sentinels are not polled: ask them in the order given, the last that answered first
    List<RedisURI> found =
        discovery.ask(sentinels, List.of(), key -> false, c -> topology(c.sync()));
    if (found != null) {
      known = found;
    }
    return known;
  }

  private List<RedisURI> topology(RedisSentinelCommands<String, String> commands) {
    Map<String, RedisURI> nodes = new LinkedHashMap<>();
    SocketAddress master = commands.getMasterAddrByName(masterName);
    if (master instanceof InetSocketAddress address) {
      add(nodes, address.getHostString(), address.getPort());
    } else {
      throw new IllegalStateException("Sentinel does not know master " + masterName);
    }
    for (Map<String, String> replica : commands.replicas(masterName)) {
      String ip = replica.get("ip");
      String port = replica.get("port");
      if (ip != null && port != null) {
        add(nodes, ip, Integer.parseInt(port));
      }
    }
    return new ArrayList<>(nodes.values());
  }

  private void add(Map<String, RedisURI> nodes, String host, int port) {
    RedisURI uri = RedisURI.builder(dataNodes).withHost(host).withPort(port).build();
    nodes.putIfAbsent(NodeAddress.of(uri).key(), uri);
  }

  @Override
  public void close() {
    discovery.close();
  }
}
