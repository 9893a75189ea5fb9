package dev.redlens.info.internal;

import io.lettuce.core.RedisURI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The order in which discovery asks nodes (see {@link DiscoveryConnection}). */
final class NodeOrder {
  private NodeOrder() {}

  static List<RedisURI> candidates(
      String connectedTo,
      List<RedisURI> seeds,
      List<RedisURI> known,
      Predicate<String> responsive) {
    Map<String, RedisURI> ordered = new LinkedHashMap<>();
    // the node asked last, while it still answers (a seed is kept even when it is not polled)
    for (RedisURI uri : known) {
      String key = NodeAddress.of(uri).key();
      if (key.equals(connectedTo) && responsive.test(key)) {
        ordered.put(key, uri);
      }
    }
    for (RedisURI uri : seeds) {
      String key = NodeAddress.of(uri).key();
      if (key.equals(connectedTo)) {
        ordered.putIfAbsent(key, uri);
      }
    }
    for (RedisURI uri : known) {
      String key = NodeAddress.of(uri).key();
      if (responsive.test(key)) {
        ordered.putIfAbsent(key, uri);
      }
    }
    for (RedisURI uri : seeds) {
      ordered.putIfAbsent(NodeAddress.of(uri).key(), uri);
    }
    for (RedisURI uri : known) {
      ordered.putIfAbsent(NodeAddress.of(uri).key(), uri);
    }
    return new ArrayList<>(ordered.values());
  }
}
