package dev.redlens.project.internal.jedis;

import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.Protocol.Command;
import redis.clients.jedis.Response;
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
    if (jedis != null) {
      byte[] name = command.get(0);
      ProtocolCommand type = () -> name;
      return jedis.sendCommand(type, command.subList(1, command.size()).toArray(new byte[0][]));
    }
    try (Connection connection = pool.getResource()) {
      return connection.executeCommand(commandObject(command));
    }
  }

  /**
   * See {@code RedisCommandRunner#runTogether}: on one connection of the pool, or in one pipeline
   * of the client (one connection).
   */
  public List<Object> runTogether(List<List<byte[]>> commands) {
    List<Object> replies = new ArrayList<>();
    if (jedis != null) {
      List<Response<Object>> responses = new ArrayList<>();
      try (AbstractPipeline pipeline = pipelined(jedis)) {
        for (List<byte[]> command : commands) {
          responses.add(pipeline.sendCommand(commandArguments(command)));
        }
        pipeline.sync();
      }
      for (Response<Object> response : responses) {
        replies.add(response.get()); // throws the error reply
      }
      return replies;
    }
    try (Connection connection = pool.getResource()) {
      for (List<byte[]> command : commands) {
        replies.add(connection.executeCommand(commandObject(command)));
      }
    }
    return replies;
  }

  /**
   * {@code jedis.pipelined()} on every Jedis: it returns {@code PipelineBase} (a subclass of {@code
   * AbstractPipeline}) on Jedis 6 and {@code AbstractPipeline} from 7 on, so a call compiled
   * against one does not link against the other. The conformance drivers' {@code
   * JedisClientDriver.openPipeline} is the same shim, kept twice on purpose: main code cannot use
   * that test-support module, and it cannot use this one or redlens-jedis (both test-depend on it,
   * a cycle); the modules below all three have no Jedis.
   */
  private static AbstractPipeline pipelined(UnifiedJedis jedis) {
    try {
      return (AbstractPipeline) UnifiedJedis.class.getMethod("pipelined").invoke(jedis);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static CommandArguments commandArguments(List<byte[]> command) {
    byte[] name = command.get(0);
    ProtocolCommand type = () -> name;
    return new CommandArguments(type).addObjects(command.subList(1, command.size()).toArray());
  }

  private static CommandObject<Object> commandObject(List<byte[]> command) {
    return new CommandObject<>(commandArguments(command), BuilderFactory.RAW_OBJECT);
  }

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

  /**
   * The pools of the masters that {@code clusterNodes} (the reply of {@code CLUSTER NODES}) names
   * and does not flag as failed, found in {@code pools} (a cluster client's {@code
   * getClusterNodes()}). Takes the reply and the pools rather than the client: the cluster clients
   * of Jedis 6 and 7.1 ({@code JedisCluster}, {@code RedisClusterClient}) share no type that has
   * {@code getClusterNodes()}, and naming Jedis 7.1's here would keep this class from loading on
   * Jedis 6.
   */
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
