package dev.redlens.lettuce.internal;

import dev.redlens.core.catalog.CommandCatalog;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.ArrayOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.netty.channel.Channel;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Teaches the catalog commands it does not know (module commands such as {@code JSON.GET}) by
 * asking the connected server: {@code COMMAND INFO name}, once per name, on one named daemon thread
 * that ends by itself when idle (so nothing needs closing). Bounded: at most {@value #MAX_NAMES}
 * names are ever asked for and at most {@value #MAX_QUEUED} wait; the rest stay {@code other}. The
 * client is held weakly.
 */
public final class CommandLearner {

  private static final Logger LOG = Logger.getLogger(CommandLearner.class.getName());
  static final int MAX_NAMES = 128;
  static final int MAX_QUEUED = 16;

  private final WeakReference<RedisClient> client; // null: learns on the channel
  private final CommandCatalog catalog;
  private final Set<String> asked = ConcurrentHashMap.newKeySet();
  private final ThreadPoolExecutor executor;

  /** A learner that asks on the connection that sent the unknown command ({@link #learnOn}). */
  public CommandLearner(CommandCatalog catalog) {
    this(null, catalog);
  }

  public CommandLearner(RedisClient client, CommandCatalog catalog) {
    this.client = new WeakReference<>(client);
    this.catalog = catalog;
    this.executor =
        new ThreadPoolExecutor(
            1,
            1,
            10,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(MAX_QUEUED),
            runnable -> {
              Thread thread = new Thread(runnable, "redlens-lettuce-command-learner");
              thread.setDaemon(true);
              return thread;
            },
            new ThreadPoolExecutor.DiscardPolicy());
    this.executor.allowCoreThreadTimeOut(true);
  }

  /** Asks the server about {@code command} in the background, unless it was asked about before. */
  public void learn(String command) {
    String name = command.toUpperCase(Locale.ROOT);
    if (asked.size() >= MAX_NAMES || !asked.add(name)) {
      return;
    }
    executor.execute(() -> ask(name));
  }

  /**
   * Asks the server about {@code command} on {@code channel}, the connection that has just sent it,
   * unless it was asked about before: {@code COMMAND INFO} written to the channel directly (so it
   * is housekeeping, not an application command), after what is queued on the channel's event loop.
   * The caller makes sure the connection is neither in a transaction nor subscribed.
   */
  public void learnOn(Channel channel, String command) {
    String name = command.toUpperCase(Locale.ROOT);
    if (asked.size() >= MAX_NAMES || !asked.add(name)) {
      return;
    }
    CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).add("INFO").add(name);
    AsyncCommand<String, String, List<Object>> info =
        new AsyncCommand<>(
            new Command<>(CommandType.COMMAND, new ArrayOutput<>(StringCodec.UTF8), args));
    info.whenComplete(
        (reply, error) -> {
          if (reply != null) {
            executor.execute(() -> catalog.learn(reply));
          }
        });
    channel.writeAndFlush(info);
  }

  private void ask(String name) {
    RedisClient redis = client == null ? null : client.get();
    if (redis == null) {
      return;
    }
    try (StatefulRedisConnection<String, String> connection = redis.connect()) {
      List<Object> reply = connection.sync().commandInfo(name);
      catalog.learn(reply);
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "Redlens could not learn command " + name + " from the server", e);
    }
  }
}
