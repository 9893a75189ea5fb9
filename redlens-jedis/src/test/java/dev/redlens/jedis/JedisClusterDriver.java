package dev.redlens.jedis;

import static dev.redlens.conformance.drivers.JedisClientDriver.normalize;
import static dev.redlens.conformance.drivers.JedisClientDriver.onDaemonThread;
import static dev.redlens.conformance.drivers.JedisClientDriver.pipelined;
import static dev.redlens.conformance.drivers.JedisClientDriver.transacted;

import dev.redlens.conformance.ClientTraits;
import dev.redlens.conformance.RedisDriver;
import dev.redlens.conformance.drivers.ClusterKeys;
import dev.redlens.conformance.drivers.JedisClientDriver;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.ClusterCommandArguments;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.commands.ProtocolCommand;

/**
 * The conformance suites' driver over a {@link JedisTelemetry#cluster} client. Every key gets the
 * hash tag of {@link ClusterKeys} in front, so the suites' multi-key commands and transactions stay
 * in one slot (the traits tell the suites: the query text shows the tagged key); raw commands mark
 * their keys so that Jedis routes them by slot; a transaction runs on the tag's slot connection
 * (Jedis's cluster clients refuse {@code multi()}). Jedis's cluster client retries a command whose
 * connection failed, and from Jedis 8 sends {@code PING} to every master (its traits say so).
 */
final class JedisClusterDriver implements RedisDriver {

  static final String TAG = ClusterKeys.TAG;

  private static final ClientTraits TRAITS =
      ClusterKeys.TRAITS
          .withRetries()
          .withBroadcasts(routesByCommandTable() ? "PING"::equals : c -> false);

  /**
   * Whether this Jedis routes commands by the request policies of the server's command table (Jedis
   * 8's {@code StaticCommandFlagsRegistry}): its cluster client then sends {@code PING}, which the
   * table marks {@code all_shards}, to every master.
   */
  private static boolean routesByCommandTable() {
    try {
      Class.forName(
          "redis.clients.jedis.StaticCommandFlagsRegistry",
          false,
          JedisCluster.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private final JedisCluster cluster;
  private final int slot;

  JedisClusterDriver(JedisCluster cluster, int slot) {
    this.cluster = cluster;
    this.slot = slot;
  }

  @Override
  public ClientTraits traits() {
    return TRAITS;
  }

  @Override
  public String set(String key, String value) {
    return cluster.set(TAG + key, value);
  }

  @Override
  public String get(String key) {
    return cluster.get(TAG + key);
  }

  @Override
  public List<String> mget(String... keys) {
    return cluster.mget(ClusterKeys.tagged(keys));
  }

  @Override
  public long hset(String key, String field, String value) {
    return cluster.hset(TAG + key, field, value);
  }

  @Override
  public String hget(String key, String field) {
    return cluster.hget(TAG + key, field);
  }

  @Override
  public List<String> hmget(String key, String... fields) {
    return cluster.hmget(TAG + key, fields);
  }

  @Override
  public Object command(String... commandAndArguments) {
    return normalize(cluster.executeCommand(arguments(commandAndArguments)));
  }

  @Override
  public CompletableFuture<Object> commandAsync(String... commandAndArguments) {
    return onDaemonThread(() -> command(commandAndArguments), "jedis-cluster-driver-async");
  }

  @Override
  public List<Object> pipeline(List<String[]> commands) {
    try (AbstractPipeline pipeline = cluster.pipelined()) {
      return pipelined(pipeline, commands, JedisClusterDriver::arguments);
    }
  }

  @Override
  public List<Object> transaction(List<String[]> commands) {
    try (Transaction transaction =
        new Transaction(cluster.getConnectionFromSlot(slot), true, true)) {
      return transacted(transaction, commands, JedisClusterDriver::arguments);
    }
  }

  @Override
  public void close() {
    cluster.close();
  }

  /** The command with its keys tagged and marked as keys (Jedis routes by their slot). */
  private static redis.clients.jedis.CommandArguments arguments(String... commandAndArguments) {
    String[] args = Arrays.copyOfRange(commandAndArguments, 1, commandAndArguments.length);
    int[] keys = ClusterKeys.keyPositions(commandAndArguments);
    redis.clients.jedis.CommandArguments out =
        newArguments(JedisClientDriver.command(commandAndArguments[0]));
    int next = 0;
    for (int i = 0; i < args.length; i++) {
      if (next < keys.length && keys[next] == i) {
        out.key(TAG + args[i]);
        next++;
      } else {
        out.add(args[i]);
      }
    }
    return out;
  }

  /**
   * Arguments that compute their keys' slot: {@code ClusterCommandArguments} up to Jedis 7, plain
   * Jedis's {@code CommandArguments} from Jedis 8 on (which removed that class); the compat modules
   * run this driver on both.
   */
  private static redis.clients.jedis.CommandArguments newArguments(ProtocolCommand command) {
    return CLUSTER_ARGUMENTS
        ? Jedis7.arguments(command)
        : new redis.clients.jedis.CommandArguments(command);
  }

  private static final boolean CLUSTER_ARGUMENTS = clusterArgumentsExist();

  private static boolean clusterArgumentsExist() {
    try {
      Class.forName("redis.clients.jedis.ClusterCommandArguments");
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** Loaded only where {@code ClusterCommandArguments} exists. */
  private static final class Jedis7 {
    static redis.clients.jedis.CommandArguments arguments(ProtocolCommand command) {
      return new ClusterCommandArguments(command);
    }
  }
}
