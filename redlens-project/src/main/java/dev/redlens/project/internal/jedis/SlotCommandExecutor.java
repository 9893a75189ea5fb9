package dev.redlens.project.internal.jedis;

import java.time.Duration;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.executors.ClusterCommandExecutor;
import redis.clients.jedis.executors.CommandExecutor;
import redis.clients.jedis.providers.ClusterConnectionProvider;

/**
 * The executor of a project's cluster client on Jedis 6 and 7 (on Jedis 8: {@link
 * SlotRedirectExecutor}): Jedis's own cluster executor (it follows {@code MOVED} and {@code ASK},
 * retries on a lost connection and refreshes the slot cache, with Jedis's default attempts and
 * deadline), over a provider that sends every command to the project's slot. Commands that Jedis
 * broadcasts to every master (SCRIPT LOAD, FUNCTION LOAD, FLUSHALL, PING…) go to that slot's master
 * alone, as on one node: the project's keys, scripts and functions are used there only.
 */
final class SlotCommandExecutor implements CommandExecutor {

  private final ClusterCommandExecutor cluster;

  @SuppressWarnings("deprecation") // the constructor that Jedis 6, 7 and 8 all have
  SlotCommandExecutor(
      ClusterConnectionProvider provider, int maxAttempts, Duration maxTotalRetriesDuration) {
    this.cluster = new ClusterCommandExecutor(provider, maxAttempts, maxTotalRetriesDuration);
  }

  @Override
  public <T> T executeCommand(CommandObject<T> commandObject) {
    return cluster.executeCommand(commandObject);
  }

  @Override
  public <T> T broadcastCommand(CommandObject<T> commandObject) {
    return cluster.executeCommand(commandObject);
  }

  @Override
  public void close() {
    cluster.close();
  }
}
