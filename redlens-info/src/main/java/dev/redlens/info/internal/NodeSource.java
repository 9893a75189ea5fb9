package dev.redlens.info.internal;

import io.lettuce.core.RedisURI;
import java.util.List;
import java.util.function.Predicate;

/**
 * Where the nodes to poll come from: one node given by URI, or a topology (cluster, Sentinel) that
 * is asked again before every round, so failovers and added or removed nodes are followed.
 */
public interface NodeSource extends AutoCloseable {

  /**
   * The most nodes a topology asks in one discovery (every failed attempt can cost a whole
   * timeout), so a caller can bound its wait for {@link #nodes}.
   */
  int MAX_DISCOVERY_ATTEMPTS = 3;

  /**
   * The nodes to poll now. A topology asks the nodes that {@code responsive} accepts ({@code
   * address:port} of nodes whose last poll succeeded and that are not busy) before the others, so a
   * paused node rarely holds up discovery; when no node answers, the nodes it knew last. Never
   * throws; runs on the scheduling thread only.
   */
  List<RedisURI> nodes(Predicate<String> responsive);

  /**
   * The nodes known before any discovery: polled, and listed by {@code ServerMetrics.nodes()}, from
   * the start.
   */
  default List<RedisURI> initialNodes() {
    return List.of();
  }

  /** Closes whatever connection discovery keeps; idempotent. */
  @Override
  void close();

  /** A single node, always polled. */
  static NodeSource of(RedisURI uri) {
    List<RedisURI> nodes = List.of(uri);
    return new NodeSource() {
      @Override
      public List<RedisURI> nodes(Predicate<String> responsive) {
        return nodes;
      }

      @Override
      public List<RedisURI> initialNodes() {
        return nodes;
      }

      @Override
      public void close() {}
    };
  }
}
