package dev.redlens.deploy;

import java.util.Map;

/**
 * The documented allow-list (deploy/README.md, "What the tests check"): panels and rule selectors
 * that need a Redis deployment the test does not run — a Redis Cluster, a replica among the polled
 * nodes, node_exporter on the Redis host. Against the test's standalone service they can have no
 * data, so they are checked for parsing only. Each entry says why; a test fails on entries that
 * name nothing in the kit, so the list cannot go stale.
 */
final class NeedsMoreThanOneServer {

  private NeedsMoreThanOneServer() {}

  static final String CLUSTER = "needs a Redis Cluster (CLUSTER INFO, MOVED/ASK redirections)";
  static final String REPLICA_POLLED = "needs a replica among the nodes the collector polls";
  static final String NODE_EXPORTER = "needs node_exporter on the Redis host";

  /** Dashboard panels, by title. */
  static final Map<String, String> PANELS =
      Map.of(
          "Cluster state", CLUSTER,
          "Cluster slots ok / pfail / fail", CLUSTER,
          "Cluster nodes", CLUSTER,
          "Redirections per second", CLUSTER,
          "Master link (replicas)", REPLICA_POLLED);

  /** Vector selectors of the rules, as {@link PromQl#selectors} writes them. */
  static final Map<String, String> SELECTORS =
      Map.of(
          "redis_cluster_state", CLUSTER,
          "redis_cluster_slots_fail", CLUSTER,
          "redis_cluster_slots_pfail", CLUSTER,
          "redis_client_cluster_redirections_total", CLUSTER,
          "job:redlens_cluster_redirections:rate5m", CLUSTER,
          "redis_replication_master_link_up", REPLICA_POLLED,
          "redis_role{role=\"replica\"}", REPLICA_POLLED,
          "node_memory_MemTotal_bytes", NODE_EXPORTER);

  /**
   * Panels that read INFO latencystats, which Redis reports from version 7.0 on: checked for data
   * only when the test's server is Redis 7 or later (the embedded fallback binary is 6.2).
   */
  static final Map<String, String> PANELS_NEEDING_REDIS_7 =
      Map.of(
          "Server latency p50 / p99 by command (latencystats)",
          "INFO latencystats exists from Redis 7.0 on");
}
