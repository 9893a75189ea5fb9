package dev.redlens.deploy;

import java.util.Map;

/**
 * The documented allow-list (deploy/README.md, "What the tests check"): what the test's deployment
 * cannot produce, so it is checked for parsing only. The test runs a standalone service with a
 * replica and a Redis Cluster with replicas behind a library application, which covers the cluster,
 * replication and redirection panels; it runs no node_exporter, and the latencystats panels need
 * Redis 7. Each entry says why; a test fails on entries that name nothing in the kit, so the list
 * cannot go stale.
 */
final class ParseOnly {

  private ParseOnly() {}

  static final String NODE_EXPORTER = "needs node_exporter on the Redis host";

  /** Vector selectors of the rules, as {@link PromQl#selectors} writes them. */
  static final Map<String, String> SELECTORS = Map.of("node_memory_MemTotal_bytes", NODE_EXPORTER);

  /**
   * Panels that read INFO latencystats, which Redis reports from version 7.0 on: checked for data
   * only when the test's servers are Redis 7 or later (the embedded fallback binary is 6.2).
   */
  static final Map<String, String> PANELS_NEEDING_REDIS_7 =
      Map.of(
          "Server latency p50 / p99 by command (latencystats)",
          "INFO latencystats exists from Redis 7.0 on");
}
