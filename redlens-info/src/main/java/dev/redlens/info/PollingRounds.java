package dev.redlens.info;

import dev.redlens.info.internal.NodeAddress;
import dev.redlens.info.internal.NodeSource;
import dev.redlens.info.internal.PollerThread;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The set of nodes being polled and the rounds that poll them. A round, run on the scheduling
 * thread, starts asking every {@link NodeSource} for its nodes, adds pollers for nodes listed and
 * drops those of nodes no source lists any more (their series disappear with them), then hands each
 * node's poll to a bounded pool of named daemon threads and returns without waiting.
 *
 * <p>Discovery runs on the pool too, one at a time per source, and a scheduled round uses the
 * latest answer without waiting for the new one (except before a source's first answer); an answer
 * that changes the node set starts a round at once. So a slow, paused or dead node, whether asked
 * for the topology or polled, holds one pool thread up to the timeout and is skipped by later
 * rounds until it is done, while every other node keeps its pace. Polls of one node never overlap.
 */
final class PollingRounds implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("dev.redlens.info.ServerMetrics");

  private final RedisClient client;
  private final List<NodeSource> sources;
  private final Duration timeout;
  private final ExecutorService pool;
  private final Runnable onTopologyChange;
  private final Map<String, Polled> polled = new LinkedHashMap<>();
  private final Map<NodeSource, Discovery> discoveries = new LinkedHashMap<>();
  private volatile List<NodePoller> current = List.of();

  /** The latest answer of one source, and its question in flight. */
  private static final class Discovery {
    volatile List<RedisURI> nodes; // null until the first answer
    CompletableFuture<Void> inFlight = CompletableFuture.completedFuture(null);
  }

  /** A node being polled and its poll in flight, if any. */
  private static final class Polled {
    final NodePoller poller;
    CompletableFuture<Void> inFlight = CompletableFuture.completedFuture(null);

    Polled(NodePoller poller) {
      this.poller = poller;
    }

    boolean busy() {
      return !inFlight.isDone();
    }
  }

  /**
   * Rounds over the nodes of {@code sources}, polled on at most {@code threads} threads named
   * {@code threadName-N}; {@code onTopologyChange} is run (from a pool thread) when a source's
   * answer changes the set of nodes, and should start a round.
   */
  public PollingRounds(
      RedisClient client,
      List<NodeSource> sources,
      Duration timeout,
      int threads,
      String threadName,
      Runnable onTopologyChange) {
    this.client = client;
    this.sources = List.copyOf(sources);
    this.timeout = timeout;
    this.onTopologyChange = onTopologyChange;
    for (NodeSource source : sources) {
      Discovery discovery = new Discovery();
      if (!source.initialNodes().isEmpty()) {
        discovery.nodes = List.copyOf(source.initialNodes());
      }
      discoveries.put(source, discovery);
    }
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            PollerThread.numbered(threadName));
    executor.allowCoreThreadTimeOut(true); // idle between rounds: no threads kept
    this.pool = executor;
    synchronized (this) {
      reconcile(wanted()); // nodes given one by one are listed before the first round
    }
  }

  /** The nodes polled now, in the order they were first listed. */
  public List<NodePoller> pollers() {
    return current;
  }

  /**
   * Runs one round (on the scheduling thread): waits for the sources' answers when {@code
   * awaitDiscovery} (else only for a source that never answered), then polls. The future completes
   * when every poll of this round (or the one still in flight for a busy node) has ended.
   */
  public synchronized CompletableFuture<Void> round(boolean awaitDiscovery) {
    Set<String> responsive = responsiveNodes();
    for (Map.Entry<NodeSource, Discovery> entry : discoveries.entrySet()) {
      Discovery discovery = entry.getValue();
      if (discovery.inFlight.isDone()) {
        discovery.inFlight = discover(entry.getKey(), discovery, responsive);
      }
      if (awaitDiscovery || discovery.nodes == null) {
        awaitQuietly(discovery.inFlight);
      }
    }
    reconcile(wanted());
    List<CompletableFuture<Void>> polls = new ArrayList<>();
    for (Polled node : polled.values()) {
      if (!node.busy()) {
        node.inFlight = CompletableFuture.runAsync(node.poller::poll, pool);
      }
      polls.add(node.inFlight);
    }
    return CompletableFuture.allOf(polls.toArray(CompletableFuture[]::new));
  }

  private CompletableFuture<Void> discover(
      NodeSource source, Discovery discovery, Set<String> responsive) {
    try {
      return CompletableFuture.runAsync(
          () -> {
            List<RedisURI> before = discovery.nodes;
            List<RedisURI> now = List.copyOf(source.nodes(responsive::contains));
            discovery.nodes = now;
            boolean changed =
                before == null
                    ? !polledKeys().containsAll(keys(now)) // a first answer no round waited for
                    : !keys(before).equals(keys(now));
            if (changed) {
              onTopologyChange.run();
            }
          },
          pool);
    } catch (RejectedExecutionException closed) {
      return CompletableFuture.completedFuture(null);
    }
  }

  private void awaitQuietly(CompletableFuture<Void> discovery) {
    try {
      // each source tries a bounded number of nodes, each bounded by the timeout
      discovery.get(
          timeout.toMillis() * (NodeSource.MAX_DISCOVERY_ATTEMPTS + 1), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // polled with the nodes known so far; the answer applies when it comes
    }
  }

  private Map<String, RedisURI> wanted() {
    Map<String, RedisURI> wanted = new LinkedHashMap<>();
    for (Discovery discovery : discoveries.values()) {
      List<RedisURI> nodes = discovery.nodes;
      if (nodes != null) {
        nodes.forEach(uri -> wanted.putIfAbsent(NodeAddress.of(uri).key(), uri));
      }
    }
    return wanted;
  }

  private Set<String> polledKeys() {
    return current.stream()
        .map(p -> p.status().address() + ":" + p.status().port())
        .collect(Collectors.toSet());
  }

  private static Set<String> keys(List<RedisURI> uris) {
    return uris.stream().map(uri -> NodeAddress.of(uri).key()).collect(Collectors.toSet());
  }

  private void reconcile(Map<String, RedisURI> wanted) {
    polled
        .entrySet()
        .removeIf(
            entry -> {
              if (wanted.containsKey(entry.getKey())) {
                return false;
              }
              Polled gone = entry.getValue();
              LOG.log(
                  Level.INFO,
                  "No longer polling {0}: not listed any more",
                  gone.poller.status().uri());
              gone.inFlight.whenComplete((ok, error) -> gone.poller.closeConnection());
              return true;
            });
    wanted.forEach(
        (key, uri) ->
            polled.computeIfAbsent(
                key,
                k ->
                    new Polled(
                        new NodePoller(
                            client, uri, NodeAddress.of(uri), timeout, Clock.systemUTC()))));
    current = polled.values().stream().map(p -> p.poller).toList();
  }

  /** Nodes that answered their last poll and have none in flight: good ones to ask. */
  private Set<String> responsiveNodes() {
    Set<String> responsive = new HashSet<>();
    polled.forEach(
        (key, node) -> {
          if (!node.busy() && node.poller.status().isUp()) {
            responsive.add(key);
          }
        });
    return responsive;
  }

  /**
   * Stops the pool (interrupting polls in flight) and closes discovery and polling connections;
   * completes when the connections are closed.
   */
  @Override
  public void close() {
    pool.shutdownNow();
    try {
      pool.awaitTermination(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // a round may be waiting for an answer: closing its connection ends the wait
    sources.forEach(NodeSource::close);
  }

  /** Closes every polling connection; completes when they are closed. */
  public CompletableFuture<Void> closeConnections() {
    return CompletableFuture.allOf(
        current.stream().map(NodePoller::closeConnection).toArray(CompletableFuture[]::new));
  }
}
