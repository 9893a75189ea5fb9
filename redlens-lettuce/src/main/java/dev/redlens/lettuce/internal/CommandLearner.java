package dev.redlens.lettuce.internal;

import dev.redlens.core.catalog.CommandCatalog;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
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

  private final WeakReference<RedisClient> client;
  private final CommandCatalog catalog;
  private final Set<String> asked = ConcurrentHashMap.newKeySet();
  private final ThreadPoolExecutor executor;

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

  private void ask(String name) {
    RedisClient redis = client.get();
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
