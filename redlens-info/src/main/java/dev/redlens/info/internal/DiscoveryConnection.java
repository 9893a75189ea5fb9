package dev.redlens.info.internal;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The one connection a topology source keeps for discovery, to whichever node answered last, and
 * the order in which it tries nodes: the last one that answered, then the ones that answered their
 * last poll, then the seeds, then the rest, at most {@link #MAX_ATTEMPTS} per round (every failed
 * attempt can cost a whole timeout). A failure drops the connection, as polls do.
 *
 * @param <C> the kind of connection (a plain one for a cluster node, a Sentinel one)
 */
final class DiscoveryConnection<C extends StatefulConnection<String, String>> {
  private static final System.Logger LOG = System.getLogger("dev.redlens.info.ServerMetrics");
  static final int MAX_ATTEMPTS = NodeSource.MAX_DISCOVERY_ATTEMPTS;

  private final RedisClient client;
  private final BiFunction<RedisClient, RedisURI, C> connect;
  private final Duration timeout;
  private final String what;
  private C connection;
  private String connectedTo;
  private boolean failing;

  DiscoveryConnection(
      RedisClient client,
      BiFunction<RedisClient, RedisURI, C> connect,
      Duration timeout,
      String what) {
    this.client = client;
    this.connect = connect;
    this.timeout = timeout;
    this.what = what;
  }

  /**
   * Runs {@code ask} on the first of {@code known} then {@code seeds} that answers; {@code null}
   * when none does.
   */
  <T> T ask(
      List<RedisURI> seeds,
      List<RedisURI> known,
      Predicate<String> responsive,
      Function<C, T> ask) {
    List<RedisURI> candidates = NodeOrder.candidates(connectedTo, seeds, known, responsive);
    RuntimeException last = null;
    for (RedisURI candidate : candidates.subList(0, Math.min(MAX_ATTEMPTS, candidates.size()))) {
      try {
        T answer = ask.apply(connectionTo(candidate));
        if (failing) {
          LOG.log(Level.INFO, "Discovery of {0} works again through {1}", what, connectedTo);
          failing = false;
        }
        return answer;
      } catch (RuntimeException e) {
        last = e;
        close();
      }
    }
    if (!failing) {
      failing = true;
      LOG.log(
          Level.WARNING,
          "Cannot discover {0} ({1}); polling the nodes known so far",
          what,
          last == null ? "no node to ask" : PollFailure.of(last).describe());
    }
    return null;
  }

  private C connectionTo(RedisURI uri) {
    String key = NodeAddress.of(uri).key();
    if (connection == null || !connection.isOpen() || !key.equals(connectedTo)) {
      close();
      C created = connect.apply(client, uri);
      created.setTimeout(timeout);
      connection = created;
      connectedTo = key;
    }
    return connection;
  }

  void close() {
    C open = connection;
    connection = null;
    connectedTo = null;
    if (open != null) {
      try {
        open.close();
      } catch (RuntimeException e) {
        // a broken connection; gone either way
      }
    }
  }
}
