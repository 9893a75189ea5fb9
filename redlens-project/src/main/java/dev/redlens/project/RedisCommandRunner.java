package dev.redlens.project;

import dev.redlens.project.internal.jedis.JedisRunner;
import dev.redlens.project.internal.lettuce.LettuceRunner;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.List;

/**
 * Sends raw commands, for the administrative work of {@link ProjectAcl} and {@link ProjectCleanup}
 * (which run on an unscoped, administrative connection). Client-neutral: adapt any client with one
 * lambda.
 */
@FunctionalInterface
public interface RedisCommandRunner {

  /**
   * Sends {@code command} (name first) and returns its reply: bulk strings and status replies as
   * {@code byte[]} (neither client tells them apart), integers as {@link Long}, arrays as {@link
   * List}, nil as null.
   *
   * @throws RuntimeException on an error reply
   */
  Object run(List<byte[]> command);

  /**
   * Sends {@code commands} in order on one connection, with none of this runner's other commands
   * between them, and returns their replies: for {@code ASKING}, which lets only the next command
   * of its connection reach a key of a slot the node is importing ({@link ProjectCleanup} on a
   * cluster whose slot migration is under way or was cut short). The first error reply is thrown.
   * The default sends each with {@link #run}, which is right for a runner over one connection used
   * by one thread at a time; the runners this interface makes send them together on one connection.
   */
  default List<Object> runTogether(List<List<byte[]>> commands) {
    List<Object> replies = new java.util.ArrayList<>();
    for (List<byte[]> command : commands) {
      replies.add(run(command));
    }
    return replies;
  }

  /** A runner over a Lettuce connection (any codec; the connection must not be a scoped one). */
  static RedisCommandRunner lettuce(StatefulRedisConnection<?, ?> connection) {
    LettuceRunner runner = new LettuceRunner(connection);
    return new JoinedRunner(runner::run, runner::runTogether);
  }

  /**
   * One runner per master of the cluster of {@code connection} (as its topology knows them now),
   * for {@link ProjectCleanup#deleteAll(java.util.Collection)}: each runs on that master's node
   * connection, which {@code connection} owns and closes.
   */
  static List<RedisCommandRunner> lettuceMasters(
      io.lettuce.core.cluster.api.StatefulRedisClusterConnection<?, ?> connection) {
    List<RedisCommandRunner> masters = new java.util.ArrayList<>();
    for (io.lettuce.core.cluster.models.partitions.RedisClusterNode node :
        connection.getPartitions()) {
      if (node.is(io.lettuce.core.cluster.models.partitions.RedisClusterNode.NodeFlag.UPSTREAM)) {
        masters.add(lettuce(connection.getConnection(node.getNodeId())));
      }
    }
    return masters;
  }

  /**
   * A runner over a Jedis client (e.g. a {@code RedisClient}; it must not be a scoped one). Jedis
   * does not tell status replies from bulk strings: both come back as {@code byte[]}.
   */
  static RedisCommandRunner jedis(redis.clients.jedis.UnifiedJedis jedis) {
    return adapt(new JedisRunner(jedis));
  }

  /**
   * One runner per master of the cluster of {@code cluster} (as {@code CLUSTER NODES} names them
   * now; failed ones left out), for {@link ProjectCleanup#deleteAll(java.util.Collection)}: each
   * borrows a connection of that master's pool in {@code cluster} (which must not be a scoped
   * client) per command. Jedis 7.1 and later; {@link
   * #jedisMasters(redis.clients.jedis.JedisCluster)} on every Jedis.
   */
  static List<RedisCommandRunner> jedisMasters(redis.clients.jedis.RedisClusterClient cluster) {
    return runners(JedisRunner.masters(cluster));
  }

  /**
   * {@link #jedisMasters(redis.clients.jedis.RedisClusterClient)} for a {@code JedisCluster} (Jedis
   * 6, 7 and 8).
   */
  static List<RedisCommandRunner> jedisMasters(redis.clients.jedis.JedisCluster cluster) {
    return runners(JedisRunner.masters(cluster));
  }

  private static List<RedisCommandRunner> runners(List<JedisRunner> masters) {
    List<RedisCommandRunner> runners = new java.util.ArrayList<>();
    for (JedisRunner master : masters) {
      runners.add(adapt(master));
    }
    return runners;
  }

  private static RedisCommandRunner adapt(JedisRunner runner) {
    return new JoinedRunner(runner::run, runner::runTogether);
  }

  // The Jedis methods only hand their argument on: a body that used Jedis's types (a command passed
  // as a ProtocolCommand) would make the verifier load Jedis with this interface, and an
  // application without Jedis (Lettuce only, like the service) could not use any runner.
}
