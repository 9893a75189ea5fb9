package dev.redlens.info;

import static dev.redlens.info.ServerMetricNames.*;
import static dev.redlens.info.internal.InstrumentKind.COUNTER;
import static dev.redlens.info.internal.InstrumentKind.GAUGE;
import static dev.redlens.info.internal.InstrumentKind.UP_DOWN_COUNTER;

import dev.redlens.info.internal.InstrumentKind;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * The metrics that are one number per node (no attribute beyond the node's): which instrument, and
 * which field it reads. A field the server does not report gives no point. Cluster and
 * replication-link metrics are in {@link ClusterMetrics}.
 */
final class ScalarMetrics {
  private ScalarMetrics() {}

  /** An integer metric read from the node's last poll. */
  record LongMetric(
      String name,
      InstrumentKind kind,
      String unit,
      String description,
      Function<NodeStatus, OptionalLong> read) {

    /** A metric read from the node's last {@code INFO}. */
    static LongMetric info(
        String name,
        InstrumentKind kind,
        String unit,
        String description,
        Function<InfoSnapshot, OptionalLong> read) {
      return new LongMetric(name, kind, unit, description, n -> read.apply(n.lastSnapshot()));
    }

    /** A metric read from the node's last {@code CLUSTER INFO} (absent off a cluster). */
    static LongMetric cluster(
        String name,
        InstrumentKind kind,
        String unit,
        String description,
        Function<ClusterInfo, OptionalLong> read) {
      return new LongMetric(
          name,
          kind,
          unit,
          description,
          n ->
              n.lastClusterInfo() == null ? OptionalLong.empty() : read.apply(n.lastClusterInfo()));
    }
  }

  /** A floating-point metric read from the node's last poll. */
  record DoubleMetric(
      String name,
      InstrumentKind kind,
      String unit,
      String description,
      Function<NodeStatus, OptionalDouble> read) {}

  static final List<LongMetric> LONGS =
      concat(
          ClusterMetrics.LONGS,
          // redisreceiver, enabled by default there
          info(
              CLIENTS_BLOCKED,
              UP_DOWN_COUNTER,
              "{client}",
              "Number of clients pending on a blocking call",
              s -> s.clients().blockedClients()),
          info(
              CLIENTS_CONNECTED,
              UP_DOWN_COUNTER,
              "{client}",
              "Number of client connections (excluding connections from replicas)",
              s -> s.clients().connectedClients()),
          info(
              CLIENTS_MAX_INPUT_BUFFER,
              GAUGE,
              UNIT_BYTES,
              "Biggest input buffer among current client connections",
              s -> s.clients().recentMaxInputBuffer()),
          info(
              CLIENTS_MAX_OUTPUT_BUFFER,
              GAUGE,
              UNIT_BYTES,
              "Longest output list among current client connections",
              s -> s.clients().recentMaxOutputBuffer()),
          info(
              COMMANDS,
              GAUGE,
              "{ops}/s",
              "Number of commands processed per second",
              s -> s.stats().instantaneousOpsPerSec()),
          info(
              COMMANDS_PROCESSED,
              COUNTER,
              "{command}",
              "Total number of commands processed by the server",
              s -> s.stats().totalCommandsProcessed()),
          info(
              CONNECTIONS_RECEIVED,
              COUNTER,
              "{connection}",
              "Total number of connections accepted by the server",
              s -> s.stats().totalConnectionsReceived()),
          info(
              CONNECTIONS_REJECTED,
              COUNTER,
              "{connection}",
              "Number of connections rejected because of maxclients limit",
              s -> s.stats().rejectedConnections()),
          info(
              KEYS_EVICTED,
              COUNTER,
              "{key}",
              "Number of evicted keys due to maxmemory limit",
              s -> s.stats().evictedKeys()),
          info(
              KEYS_EXPIRED,
              COUNTER,
              "{event}",
              "Total number of key expiration events",
              s -> s.stats().expiredKeys()),
          info(
              KEYSPACE_HITS,
              COUNTER,
              "{hit}",
              "Number of successful lookup of keys in the main dictionary",
              s -> s.stats().keyspaceHits()),
          info(
              KEYSPACE_MISSES,
              COUNTER,
              "{miss}",
              "Number of failed lookup of keys in the main dictionary",
              s -> s.stats().keyspaceMisses()),
          info(
              LATEST_FORK,
              GAUGE,
              UNIT_MICROSECONDS,
              "Duration of the latest fork operation in microseconds",
              s -> s.stats().latestForkUsec()),
          info(
              MEMORY_LUA,
              GAUGE,
              UNIT_BYTES,
              "Number of bytes used by the Lua engine",
              s -> s.memory().usedMemoryLua()),
          info(
              MEMORY_PEAK,
              GAUGE,
              UNIT_BYTES,
              "Peak memory consumed by Redis (in bytes)",
              s -> s.memory().usedMemoryPeak()),
          info(
              MEMORY_RSS,
              GAUGE,
              UNIT_BYTES,
              "Number of bytes that Redis allocated as seen by the operating system",
              s -> s.memory().usedMemoryRss()),
          info(
              MEMORY_USED,
              GAUGE,
              UNIT_BYTES,
              "Total number of bytes allocated by Redis using its allocator",
              s -> s.memory().usedMemory()),
          info(
              NET_INPUT,
              COUNTER,
              UNIT_BYTES,
              "The total number of bytes read from the network",
              s -> s.stats().totalNetInputBytes()),
          info(
              NET_OUTPUT,
              COUNTER,
              UNIT_BYTES,
              "The total number of bytes written to the network",
              s -> s.stats().totalNetOutputBytes()),
          info(
              RDB_CHANGES_SINCE_LAST_SAVE,
              UP_DOWN_COUNTER,
              "{change}",
              "Number of changes since the last dump",
              s -> s.persistence().rdbChangesSinceLastSave()),
          info(
              REPLICATION_BACKLOG_FIRST_BYTE_OFFSET,
              GAUGE,
              UNIT_BYTES,
              "The master offset of the replication backlog buffer",
              s -> s.replication().replBacklogFirstByteOffset()),
          info(
              REPLICATION_OFFSET,
              GAUGE,
              UNIT_BYTES,
              "The server's current replication offset",
              s -> s.replication().masterReplOffset()),
          info(
              SLAVES_CONNECTED,
              UP_DOWN_COUNTER,
              "{replica}",
              "Number of connected replicas",
              s -> s.replication().connectedReplicas()),
          info(
              UPTIME,
              COUNTER,
              UNIT_SECONDS,
              "Number of seconds since Redis server start",
              s -> s.server().uptimeSeconds()),
          // redisreceiver, optional there
          info(
              MAXMEMORY,
              GAUGE,
              UNIT_BYTES,
              "The value of the maxmemory configuration directive",
              s -> s.memory().maxMemory()),
          info(
              REPLICATION_REPLICA_OFFSET,
              GAUGE,
              UNIT_BYTES,
              "Offset for redis replica",
              s -> s.replication().replicaReplOffset()),
          info(
              MEMORY_USED_MEMORY_OVERHEAD,
              GAUGE,
              UNIT_BYTES,
              "Memory used by the server to manage its internal data structures",
              s -> s.memory().usedMemoryOverhead()),
          info(
              MEMORY_USED_MEMORY_STARTUP,
              GAUGE,
              UNIT_BYTES,
              "Memory consumed by the server at startup",
              s -> s.memory().usedMemoryStartup()),
          info(
              TRACKING_TOTAL_KEYS,
              GAUGE,
              "{key}",
              "Number of keys tracked by the server for client-side caching",
              s -> s.stats().trackingTotalKeys()),
          info(
              SENTINEL_MASTERS,
              GAUGE,
              "{master}",
              "Number of primaries monitored by this Sentinel",
              s -> s.longValue("sentinel", "sentinel_masters")),
          info(
              SENTINEL_RUNNING_SCRIPTS,
              GAUGE,
              "{script}",
              "Number of running Sentinel scripts",
              s -> s.longValue("sentinel", "sentinel_running_scripts")),
          info(
              SENTINEL_SCRIPTS_QUEUE_LENGTH,
              GAUGE,
              "{script}",
              "Length of the Sentinel scripts queue",
              s -> s.longValue("sentinel", "sentinel_scripts_queue_length")),
          info(
              SENTINEL_SIMULATE_FAILURE_FLAGS,
              GAUGE,
              UNIT_ONE,
              "Sentinel simulate-failure flags",
              s -> s.longValue("sentinel", "sentinel_simulate_failure_flags")),
          info(
              SENTINEL_TILT_SINCE_SECONDS,
              GAUGE,
              UNIT_SECONDS,
              "Seconds since Sentinel entered TILT mode (-1: not)",
              s -> s.longValue("sentinel", "sentinel_tilt_since_seconds")),
          info(
              SENTINEL_TOTAL_TILT,
              COUNTER,
              "{event}",
              "Times this Sentinel entered TILT mode",
              s -> s.longValue("sentinel", "sentinel_total_tilt")),
          // Redlens
          info(
              MEMORY_ALLOCATOR_ALLOCATED,
              GAUGE,
              UNIT_BYTES,
              "Bytes allocated by the allocator (allocator_allocated)",
              s -> s.memory().allocatorLong("allocated")),
          info(
              MEMORY_ALLOCATOR_ACTIVE,
              GAUGE,
              UNIT_BYTES,
              "Bytes in active allocator pages (allocator_active)",
              s -> s.memory().allocatorLong("active")),
          info(
              MEMORY_ALLOCATOR_RESIDENT,
              GAUGE,
              UNIT_BYTES,
              "Bytes resident in the allocator (allocator_resident)",
              s -> s.memory().allocatorLong("resident")),
          info(
              MEMORY_ALLOCATOR_MUZZY,
              GAUGE,
              UNIT_BYTES,
              "Bytes in muzzy allocator pages (allocator_muzzy)",
              s -> s.memory().allocatorLong("muzzy")),
          info(
              MEMORY_ALLOCATOR_FRAG_BYTES,
              GAUGE,
              UNIT_BYTES,
              "Allocator fragmentation in bytes (active - allocated)",
              s -> s.memory().allocatorLong("frag_bytes")),
          info(
              MEMORY_ALLOCATOR_RSS_BYTES,
              GAUGE,
              UNIT_BYTES,
              "Allocator RSS overhead in bytes (resident - active)",
              s -> s.memory().allocatorLong("rss_bytes")),
          info(
              MEMORY_FRAGMENTATION_BYTES,
              GAUGE,
              UNIT_BYTES,
              "Difference between used_memory_rss and used_memory",
              s -> s.memory().fragmentationBytes()),
          info(
              MEMORY_DATASET,
              GAUGE,
              UNIT_BYTES,
              "Bytes used by the dataset (used_memory - used_memory_overhead)",
              s -> s.memory().usedMemoryDataset()));

  static final List<DoubleMetric> DOUBLES =
      List.of(
          new DoubleMetric(
              MEMORY_FRAGMENTATION_RATIO,
              GAUGE,
              UNIT_ONE,
              "Ratio between used_memory_rss and used_memory",
              n -> n.lastSnapshot().memory().fragmentationRatio()),
          new DoubleMetric(
              MEMORY_ALLOCATOR_FRAG_RATIO,
              GAUGE,
              UNIT_ONE,
              "Allocator fragmentation ratio (active / allocated)",
              n -> n.lastSnapshot().memory().allocatorDouble("frag_ratio")),
          new DoubleMetric(
              MEMORY_ALLOCATOR_RSS_RATIO,
              GAUGE,
              UNIT_ONE,
              "Allocator RSS ratio (resident / active)",
              n -> n.lastSnapshot().memory().allocatorDouble("rss_ratio")));

  private static LongMetric info(
      String name,
      InstrumentKind kind,
      String unit,
      String description,
      Function<InfoSnapshot, OptionalLong> read) {
    return LongMetric.info(name, kind, unit, description, read);
  }

  private static List<LongMetric> concat(List<LongMetric> first, LongMetric... more) {
    List<LongMetric> all = new ArrayList<>(first);
    all.addAll(List.of(more));
    return List.copyOf(all);
  }
}
