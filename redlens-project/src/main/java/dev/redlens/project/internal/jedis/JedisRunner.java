package dev.redlens.project.internal.jedis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.Protocol.Command;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.commands.ProtocolCommand;

/**
 * Raw commands over a Jedis client or one node's pool, for ACL provisioning and cleanup
 * (administrative clients). {@code RedisCommandRunner.jedis} adapts it; it does not implement that
 * interface itself, so that the public package does not depend on this one and back.
 */
public final class JedisRunner {

  private final UnifiedJedis jedis;
  private final ConnectionPool pool;

  public JedisRunner(UnifiedJedis jedis) {
    this.jedis = jedis;
    this.pool = null;
  }

  /** A runner on {@code pool}'s connections, one borrowed per command. */
  public JedisRunner(ConnectionPool pool) {
    this.jedis = null;
    this.pool = pool;
  }

  /** See {@code RedisCommandRunner#run}. */
  public Object run(List<byte[]> command) {
    byte[] name = command.get(0);
    ProtocolCommand type = () -> name;
    byte[][] arguments = command.subList(1, command.size()).toArray(new byte[0][]);
    if (jedis != null) {
      return jedis.sendCommand(type, arguments);
    }
    try (Connection connection = pool.getResource()) {
      return connection.executeCommand(
          new CommandObject<>(
              new CommandArguments(type).addObjects((Object[]) arguments),
              BuilderFactory.RAW_OBJECT));
    }
  }

  /**
   * The pools of the masters that {@code clusterNodes} (the reply of {@code CLUSTER NODES}) names
   * and does not flag as failed, found in {@code pools} (a cluster client's {@code
   * getClusterNodes()}). Takes the reply and the pools rather than the client: the cluster clients
   * of Jedis 6 and 7.1 ({@code JedisCluster}, {@code RedisClusterClient}) share no type that has
   * {@code getClusterNodes()}, and naming Jedis 7.1's here would keep this class from loading on
   * Jedis 6.
   */
  /**
   * One runner per live master of {@code cluster} (see {@code RedisCommandRunner#jedisMasters}).
   */
  public static List<JedisRunner> masters(redis.clients.jedis.RedisClusterClient cluster) {
    return runners(
        masterPools(cluster.sendCommand(Command.CLUSTER, "NODES"), cluster.getClusterNodes()));
  }

  /** The same for a {@code JedisCluster} (every Jedis from 6 on). */
  public static List<JedisRunner> masters(redis.clients.jedis.JedisCluster cluster) {
    return runners(
        masterPools(cluster.sendCommand(Command.CLUSTER, "NODES"), cluster.getClusterNodes()));
  }

  private static List<JedisRunner> runners(List<ConnectionPool> pools) {
    List<JedisRunner> runners = new ArrayList<>();
    for (ConnectionPool pool : pools) {
      runners.add(new JedisRunner(pool));
    }
    return runners;
  }

  static List<ConnectionPool> masterPools(Object clusterNodes, Map<String, ConnectionPool> pools) {
    String nodes =
        clusterNodes instanceof byte[] bytes
            ? new String(bytes, StandardCharsets.UTF_8)
            : String.valueOf(clusterNodes);
    List<ConnectionPool> masters = new ArrayList<>();
    for (String line : nodes.split("\n")) {
      String[] fields = line.trim().split(" ");
      if (fields.length < 3 || !isLiveMaster(fields[2])) {
        continue;
      }
      String address = fields[1].split("[@,]")[0];
      ConnectionPool pool = pools.get(address);
      if (pool == null) {
        throw new IllegalStateException(
            "The client knows no pool for master " + address + " (of " + pools.keySet() + ")");
      }
      masters.add(pool);
    }
    return masters;
  }

  private static boolean isLiveMaster(String flags) {
    List<String> all = List.of(flags.split(","));
    return all.contains("master") && !all.contains("fail") && !all.contains("noaddr");
  }
}
