package dev.redlens.conformance.drivers;

import static dev.redlens.conformance.drivers.ClusterKeys.TAG;
import static dev.redlens.conformance.drivers.ClusterKeys.tagged;

import dev.redlens.conformance.ClientTraits;
import dev.redlens.conformance.RedisDriver;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.CommandArgs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The conformance suites' driver over an instrumented Lettuce cluster connection (of a {@code
 * RedisClusterClient} made with configured resources). Every key gets the hash tag of {@link
 * ClusterKeys} (the traits tell the suites); raw commands mark their keys so that Lettuce routes
 * them by slot; a transaction runs on the node connection of the tag's slot (a cluster connection
 * does not keep MULTI and the commands after it on one node).
 */
public final class LettuceClusterDriver implements RedisDriver {

  private final StatefulRedisClusterConnection<String, String> connection;
  private final RedisAdvancedClusterCommands<String, String> sync;
  private final Duration timeout;
  private final Runnable onClose;
  private final ClientTraits traits;

  /**
   * @param timeout the connection's command timeout (raw commands wait that long plus 5 s)
   * @param onClose run after the connection is closed (shut the client down)
   */
  public LettuceClusterDriver(
      StatefulRedisClusterConnection<String, String> connection,
      Duration timeout,
      Runnable onClose) {
    this.connection = connection;
    this.sync = connection.sync();
    this.timeout = timeout;
    this.onClose = onClose;
    this.traits = ClusterKeys.TRAITS;
  }

  @Override
  public ClientTraits traits() {
    return traits;
  }

  @Override
  public String set(String key, String value) {
    return sync.set(TAG + key, value);
  }

  @Override
  public String get(String key) {
    return sync.get(TAG + key);
  }

  @Override
  public List<String> mget(String... keys) {
    return LettuceConnectionDriver.values(sync.mget(tagged(keys)));
  }

  @Override
  public long hset(String key, String field, String value) {
    return sync.hset(TAG + key, field, value) ? 1 : 0;
  }

  @Override
  public String hget(String key, String field) {
    return sync.hget(TAG + key, field);
  }

  @Override
  public List<String> hmget(String key, String... fields) {
    return LettuceConnectionDriver.values(sync.hmget(TAG + key, fields));
  }

  @Override
  public Object command(String... commandAndArguments) {
    return LettuceConnectionDriver.await(dispatch(commandAndArguments), timeout);
  }

  @Override
  public CompletableFuture<Object> commandAsync(String... commandAndArguments) {
    return dispatch(commandAndArguments).toCompletableFuture();
  }

  @Override
  public List<Object> pipeline(List<String[]> commands) {
    connection.setAutoFlushCommands(false);
    List<RedisFuture<Object>> futures = new ArrayList<>();
    try {
      for (String[] command : commands) {
        futures.add(dispatch(command));
      }
      connection.flushCommands();
    } finally {
      connection.setAutoFlushCommands(true);
    }
    return LettuceConnectionDriver.replies(futures, timeout);
  }

  @Override
  public List<Object> transaction(List<String[]> commands) {
    String node = connection.getPartitions().getPartitionBySlot(SlotHash.getSlot(TAG)).getNodeId();
    StatefulRedisConnection<String, String> slotConnection = connection.getConnection(node);
    RedisCommands<String, String> nodeSync = slotConnection.sync();
    nodeSync.multi();
    for (String[] command : commands) {
      slotConnection
          .async()
          .dispatch(
              LettuceConnectionDriver.keyword(command[0]), new AnyOutput(), arguments(command));
    }
    TransactionResult result = nodeSync.exec();
    List<Object> results = new ArrayList<>();
    result.forEach(results::add);
    return results;
  }

  @Override
  public void close() {
    try {
      connection.close();
    } finally {
      onClose.run();
    }
  }

  private RedisFuture<Object> dispatch(String... commandAndArguments) {
    return connection
        .async()
        .dispatch(
            LettuceConnectionDriver.keyword(commandAndArguments[0]),
            new AnyOutput(),
            arguments(commandAndArguments));
  }

  /** The arguments, keys tagged and marked as keys (Lettuce routes by the first key's slot). */
  private static CommandArgs<String, String> arguments(String... commandAndArguments) {
    int[] keys = ClusterKeys.keyPositions(commandAndArguments);
    CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8);
    int next = 0;
    for (int i = 1; i < commandAndArguments.length; i++) {
      if (next < keys.length && keys[next] == i - 1) {
        args.addKey(TAG + commandAndArguments[i]);
        next++;
      } else {
        args.add(commandAndArguments[i]);
      }
    }
    return args;
  }
}
