package dev.redlens.info;

import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import java.util.List;

/**
 * Every metric name, unit and attribute key that {@link ServerMetrics} exports, in one place (tests
 * and dashboards reuse them). Names, units, instrument types and attribute keys follow the
 * OpenTelemetry Collector's {@code redisreceiver} ({@code metadata.yaml}) wherever it has the
 * metric; the rest is marked "Redlens". Every point also carries {@link #SERVER_ADDRESS} and {@link
 * #SERVER_PORT} (the receiver puts them on the resource; one {@code ServerMetrics} polls many
 * nodes, so they go on the points).
 */
public final class ServerMetricNames {
  private ServerMetricNames() {}

  /** Instrumentation scope of every instrument. */
  public static final String INSTRUMENTATION_SCOPE = "dev.redlens";

  // ---- attribute keys
  // ------------------------------------------------------------------------------------

  /** {@code server.address}: host of the polled node, on every point. */
  public static final AttributeKey<String> SERVER_ADDRESS = ServerAttributes.SERVER_ADDRESS;

  /** {@code server.port}: port of the polled node, on every point. */
  public static final AttributeKey<Long> SERVER_PORT = ServerAttributes.SERVER_PORT;

  /**
   * {@code state} of {@link #CPU_TIME}: {@code sys}, {@code user}, {@code sys_children}, …
   * (redisreceiver).
   */
  public static final AttributeKey<String> STATE = stringKey("state");

  /** {@code db}: database index as a string, {@code "0"} (redisreceiver). */
  public static final AttributeKey<String> DB = stringKey("db");

  /** {@code role} of {@link #ROLE}: {@code primary} or {@code replica} (redisreceiver). */
  public static final AttributeKey<String> ROLE_ATTRIBUTE = stringKey("role");

  /**
   * {@code cmd}: command as the server names it, {@code get}, {@code client|list} (redisreceiver).
   */
  public static final AttributeKey<String> CMD = stringKey("cmd");

  /**
   * {@code percentile}: {@code p50}, {@code p99}, {@code p99.9}, … any the server reports
   * (redisreceiver).
   */
  public static final AttributeKey<String> PERCENTILE = stringKey("percentile");

  /**
   * {@code cluster_state} of {@link #CLUSTER_STATE}: {@code ok} or {@code fail} (redisreceiver).
   */
  public static final AttributeKey<String> CLUSTER_STATE_ATTRIBUTE = stringKey("cluster_state");

  /**
   * {@code mode} of {@link #MODE}: {@code standalone}, {@code cluster}, {@code sentinel}
   * (redisreceiver).
   */
  public static final AttributeKey<String> MODE_ATTRIBUTE = stringKey("mode");

  /**
   * {@code db.response.status_code}: the Redis error prefix ({@code ERR}, {@code WRONGTYPE}) of
   * {@link #ERRORS}.
   */
  public static final AttributeKey<String> ERROR_PREFIX = stringKey("db.response.status_code");

  /** {@code error.type} of {@link #POLL_FAILURES}: see {@link #POLL_ERROR_TYPES}. */
  public static final AttributeKey<String> ERROR_TYPE = ErrorAttributes.ERROR_TYPE;

  /** {@code redis.version} on {@link #SERVER_INFO} (a resource attribute in redisreceiver). */
  public static final AttributeKey<String> REDIS_VERSION = stringKey("redis.version");

  /** {@code redis.mode} on {@link #SERVER_INFO}. */
  public static final AttributeKey<String> REDIS_MODE = stringKey("redis.mode");

  /** {@code redis.role} on {@link #SERVER_INFO}: {@code primary} or {@code replica}. */
  public static final AttributeKey<String> REDIS_ROLE = stringKey("redis.role");

  /** {@code redis.maxmemory_policy} on {@link #SERVER_INFO}. */
  public static final AttributeKey<String> REDIS_MAXMEMORY_POLICY =
      stringKey("redis.maxmemory_policy");

  /** {@code redis.mem_allocator} on {@link #SERVER_INFO}, e.g. {@code jemalloc-5.3.0}. */
  public static final AttributeKey<String> REDIS_MEM_ALLOCATOR = stringKey("redis.mem_allocator");

  /**
   * {@code redis.replica.address}: address of a replica as its primary reports it (may be IPv6).
   */
  public static final AttributeKey<String> REPLICA_ADDRESS = stringKey("redis.replica.address");

  /** {@code redis.replica.port}: port of a replica as its primary reports it. */
  public static final AttributeKey<Long> REPLICA_PORT = longKey("redis.replica.port");

  /** Values of {@link #ERROR_TYPE} on {@link #POLL_FAILURES}. */
  public static final List<String> POLL_ERROR_TYPES =
      List.of(
          "timeout", "connection", "auth", "noperm", "loading", "command", "interrupted", "other");

  // ---- units
  // --------------------------------------------------------------------------------------------

  /** Bytes. */
  public static final String UNIT_BYTES = "By";

  /** Seconds. */
  public static final String UNIT_SECONDS = "s";

  /** Milliseconds ({@link #DB_AVG_TTL}, as redisreceiver). */
  public static final String UNIT_MILLISECONDS = "ms";

  /** Microseconds ({@link #LATEST_FORK}, {@link #CMD_USEC}, as redisreceiver). */
  public static final String UNIT_MICROSECONDS = "us";

  /** Dimensionless. */
  public static final String UNIT_ONE = "1";

  // ---- redisreceiver: enabled by default there
  // ------------------------------------------------------------

  /** UpDownCounter {@code {client}}: {@code blocked_clients}. */
  public static final String CLIENTS_BLOCKED = "redis.clients.blocked";

  /** UpDownCounter {@code {client}}: {@code connected_clients}. */
  public static final String CLIENTS_CONNECTED = "redis.clients.connected";

  /** Gauge {@code By}: {@code client_recent_max_input_buffer}. */
  public static final String CLIENTS_MAX_INPUT_BUFFER = "redis.clients.max_input_buffer";

  /** Gauge {@code By}: {@code client_recent_max_output_buffer}. */
  public static final String CLIENTS_MAX_OUTPUT_BUFFER = "redis.clients.max_output_buffer";

  /** Gauge {@code {ops}/s}: {@code instantaneous_ops_per_sec}. */
  public static final String COMMANDS = "redis.commands";

  /** Counter {@code {command}}: {@code total_commands_processed}. */
  public static final String COMMANDS_PROCESSED = "redis.commands.processed";

  /** Counter {@code {connection}}: {@code total_connections_received}. */
  public static final String CONNECTIONS_RECEIVED = "redis.connections.received";

  /** Counter {@code {connection}}: {@code rejected_connections}. */
  public static final String CONNECTIONS_REJECTED = "redis.connections.rejected";

  /** Counter (double) {@code s} by {@link #STATE}: {@code used_cpu_*}. */
  public static final String CPU_TIME = "redis.cpu.time";

  /** Gauge {@code ms} by {@link #DB}: {@code dbN:avg_ttl}. */
  public static final String DB_AVG_TTL = "redis.db.avg_ttl";

  /** Gauge {@code {key}} by {@link #DB}: {@code dbN:expires}. */
  public static final String DB_EXPIRES = "redis.db.expires";

  /** Gauge {@code {key}} by {@link #DB}: {@code dbN:keys}. */
  public static final String DB_KEYS = "redis.db.keys";

  /** Counter {@code {key}}: {@code evicted_keys}. */
  public static final String KEYS_EVICTED = "redis.keys.evicted";

  /** Counter {@code {event}}: {@code expired_keys}. */
  public static final String KEYS_EXPIRED = "redis.keys.expired";

  /** Counter {@code {hit}}: {@code keyspace_hits}. */
  public static final String KEYSPACE_HITS = "redis.keyspace.hits";

  /** Counter {@code {miss}}: {@code keyspace_misses}. */
  public static final String KEYSPACE_MISSES = "redis.keyspace.misses";

  /** Gauge {@code us}: {@code latest_fork_usec}. */
  public static final String LATEST_FORK = "redis.latest_fork";

  /** Gauge (double) {@code 1}: {@code mem_fragmentation_ratio}. */
  public static final String MEMORY_FRAGMENTATION_RATIO = "redis.memory.fragmentation_ratio";

  /** Gauge {@code By}: {@code used_memory_lua} (or {@code used_memory_vm_eval}). */
  public static final String MEMORY_LUA = "redis.memory.lua";

  /** Gauge {@code By}: {@code used_memory_peak}. */
  public static final String MEMORY_PEAK = "redis.memory.peak";

  /** Gauge {@code By}: {@code used_memory_rss}. */
  public static final String MEMORY_RSS = "redis.memory.rss";

  /** Gauge {@code By}: {@code used_memory}. */
  public static final String MEMORY_USED = "redis.memory.used";

  /** Counter {@code By}: {@code total_net_input_bytes}. */
  public static final String NET_INPUT = "redis.net.input";

  /** Counter {@code By}: {@code total_net_output_bytes}. */
  public static final String NET_OUTPUT = "redis.net.output";

  /** UpDownCounter {@code {change}}: {@code rdb_changes_since_last_save}. */
  public static final String RDB_CHANGES_SINCE_LAST_SAVE = "redis.rdb.changes_since_last_save";

  /** Gauge {@code By}: {@code repl_backlog_first_byte_offset}. */
  public static final String REPLICATION_BACKLOG_FIRST_BYTE_OFFSET =
      "redis.replication.backlog_first_byte_offset";

  /** Gauge {@code By}: {@code master_repl_offset}. */
  public static final String REPLICATION_OFFSET = "redis.replication.offset";

  /** UpDownCounter {@code {replica}}: {@code connected_slaves}. */
  public static final String SLAVES_CONNECTED = "redis.slaves.connected";

  /** Counter {@code s}: {@code uptime_in_seconds}. */
  public static final String UPTIME = "redis.uptime";

  // ---- redisreceiver: optional there (exported here)
  // -----------------------------------------------------

  /** Gauge {@code By}: {@code maxmemory}. */
  public static final String MAXMEMORY = "redis.maxmemory";

  /** UpDownCounter {@code {role}} by {@link #ROLE_ATTRIBUTE}, value 1: {@code role}. */
  public static final String ROLE = "redis.role";

  /** Counter {@code {call}} by {@link #CMD}: {@code cmdstat_*:calls}. */
  public static final String CMD_CALLS = "redis.cmd.calls";

  /** Counter {@code us} by {@link #CMD}: {@code cmdstat_*:usec}. */
  public static final String CMD_USEC = "redis.cmd.usec";

  /**
   * Gauge (double) {@code s} by {@link #CMD} and {@link #PERCENTILE}: {@code
   * latency_percentiles_usec_*}.
   */
  public static final String CMD_LATENCY = "redis.cmd.latency";

  /** Gauge {@code By}: {@code slave_repl_offset} (replicas). */
  public static final String REPLICATION_REPLICA_OFFSET = "redis.replication.replica_offset";

  /** Gauge {@code By}: {@code used_memory_overhead}. */
  public static final String MEMORY_USED_MEMORY_OVERHEAD = "redis.memory.used_memory_overhead";

  /** Gauge {@code By}: {@code used_memory_startup}. */
  public static final String MEMORY_USED_MEMORY_STARTUP = "redis.memory.used_memory_startup";

  /** Gauge {@code {mode}} by {@link #MODE_ATTRIBUTE}, value 1: {@code redis_mode}. */
  public static final String MODE = "redis.mode";

  /** Gauge {@code {key}}: {@code tracking_total_keys}. */
  public static final String TRACKING_TOTAL_KEYS = "redis.tracking_total_keys";

  /** Gauge {@code 1}: {@code cluster_enabled} (0 or 1; every server). */
  public static final String CLUSTER_ENABLED = "redis.cluster.cluster_enabled";

  /**
   * Gauge {@code {state}} by {@link #CLUSTER_STATE_ATTRIBUTE}: 1 when {@code ok}, 0 otherwise
   * (CLUSTER INFO).
   */
  public static final String CLUSTER_STATE = "redis.cluster.state";

  /** Gauge {@code {slot}}: {@code cluster_slots_assigned}. */
  public static final String CLUSTER_SLOTS_ASSIGNED = "redis.cluster.slots_assigned";

  /** Gauge {@code {slot}}: {@code cluster_slots_ok}. */
  public static final String CLUSTER_SLOTS_OK = "redis.cluster.slots_ok";

  /** Gauge {@code {slot}}: {@code cluster_slots_pfail}. */
  public static final String CLUSTER_SLOTS_PFAIL = "redis.cluster.slots_pfail";

  /** Gauge {@code {slot}}: {@code cluster_slots_fail}. */
  public static final String CLUSTER_SLOTS_FAIL = "redis.cluster.slots_fail";

  /** Gauge {@code {node}}: {@code cluster_known_nodes}. */
  public static final String CLUSTER_KNOWN_NODES = "redis.cluster.known_nodes";

  /** Gauge {@code {node}}: {@code cluster_size} (primaries serving slots). */
  public static final String CLUSTER_NODE_COUNT = "redis.cluster.node.count";

  /** Counter {@code {message}}: {@code cluster_stats_messages_sent}. */
  public static final String CLUSTER_STATS_MESSAGES_SENT = "redis.cluster.stats_messages_sent";

  /** Counter {@code {message}}: {@code cluster_stats_messages_received}. */
  public static final String CLUSTER_STATS_MESSAGES_RECEIVED =
      "redis.cluster.stats_messages_received";

  /** Counter {@code {count}}: {@code total_cluster_links_buffer_limit_exceeded}. */
  public static final String CLUSTER_LINKS_BUFFER_LIMIT_EXCEEDED =
      "redis.cluster.links_buffer_limit_exceeded.count";

  /** Gauge {@code {master}}: {@code sentinel_masters} (Sentinel). */
  public static final String SENTINEL_MASTERS = "redis.sentinel.masters";

  /** Gauge {@code {script}}: {@code sentinel_running_scripts}. */
  public static final String SENTINEL_RUNNING_SCRIPTS = "redis.sentinel.running_scripts";

  /** Gauge {@code {script}}: {@code sentinel_scripts_queue_length}. */
  public static final String SENTINEL_SCRIPTS_QUEUE_LENGTH = "redis.sentinel.scripts_queue_length";

  /** Gauge {@code 1}: {@code sentinel_simulate_failure_flags}. */
  public static final String SENTINEL_SIMULATE_FAILURE_FLAGS =
      "redis.sentinel.simulate_failure_flags";

  /** Gauge {@code s}: {@code sentinel_tilt_since_seconds}. */
  public static final String SENTINEL_TILT_SINCE_SECONDS = "redis.sentinel.tilt_since_seconds";

  /** Counter {@code {event}}: {@code sentinel_total_tilt}. */
  public static final String SENTINEL_TOTAL_TILT = "redis.sentinel.total_tilt";

  // ---- Redlens: what redisreceiver lacks
  // ------------------------------------------------------------------

  /**
   * Gauge {@code 1}, value 1, with version, mode, role, maxmemory policy and allocator as
   * attributes.
   */
  public static final String SERVER_INFO = "redis.server.info";

  /** Counter {@code {error}} by {@link #ERROR_PREFIX}: {@code errorstat_<PREFIX>:count}. */
  public static final String ERRORS = "redis.errors";

  /** Counter {@code {call}} by {@link #CMD}: {@code cmdstat_*:failed_calls}. */
  public static final String CMD_FAILED_CALLS = "redis.cmd.failed_calls";

  /** Counter {@code {call}} by {@link #CMD}: {@code cmdstat_*:rejected_calls}. */
  public static final String CMD_REJECTED_CALLS = "redis.cmd.rejected_calls";

  /** Gauge {@code By}: {@code allocator_allocated}. */
  public static final String MEMORY_ALLOCATOR_ALLOCATED = "redis.memory.allocator.allocated";

  /** Gauge {@code By}: {@code allocator_active}. */
  public static final String MEMORY_ALLOCATOR_ACTIVE = "redis.memory.allocator.active";

  /** Gauge {@code By}: {@code allocator_resident}. */
  public static final String MEMORY_ALLOCATOR_RESIDENT = "redis.memory.allocator.resident";

  /** Gauge {@code By}: {@code allocator_muzzy} (Redis 7.4+). */
  public static final String MEMORY_ALLOCATOR_MUZZY = "redis.memory.allocator.muzzy";

  /** Gauge (double) {@code 1}: {@code allocator_frag_ratio}. */
  public static final String MEMORY_ALLOCATOR_FRAG_RATIO = "redis.memory.allocator.frag_ratio";

  /** Gauge {@code By}: {@code allocator_frag_bytes}. */
  public static final String MEMORY_ALLOCATOR_FRAG_BYTES = "redis.memory.allocator.frag_bytes";

  /** Gauge (double) {@code 1}: {@code allocator_rss_ratio}. */
  public static final String MEMORY_ALLOCATOR_RSS_RATIO = "redis.memory.allocator.rss_ratio";

  /** Gauge {@code By}: {@code allocator_rss_bytes}. */
  public static final String MEMORY_ALLOCATOR_RSS_BYTES = "redis.memory.allocator.rss_bytes";

  /** Gauge {@code By}: {@code mem_fragmentation_bytes}. */
  public static final String MEMORY_FRAGMENTATION_BYTES = "redis.memory.fragmentation_bytes";

  /** Gauge {@code By}: {@code used_memory_dataset}. */
  public static final String MEMORY_DATASET = "redis.memory.dataset";

  /** Gauge {@code 1}: {@code master_link_status} of a replica, 1 when {@code up}, 0 otherwise. */
  public static final String REPLICATION_MASTER_LINK_UP = "redis.replication.master_link.up";

  /**
   * Gauge {@code s}: {@code master_last_io_seconds_ago} of a replica, seconds since it last heard
   * from its primary (absent while the link is down).
   */
  public static final String REPLICATION_MASTER_LAST_IO = "redis.replication.master_link.last_io";

  /**
   * Gauge {@code s}: {@code master_link_down_since_seconds} of a replica whose link is down (absent
   * while it is up).
   */
  public static final String REPLICATION_MASTER_LINK_DOWN_SINCE =
      "redis.replication.master_link.down_since";

  /**
   * Gauge {@code s} by {@link #REPLICA_ADDRESS}, {@link #REPLICA_PORT}: {@code slaveN:lag} of a
   * primary.
   */
  public static final String REPLICATION_CONNECTED_REPLICA_LAG =
      "redis.replication.connected_replica.lag";

  /**
   * Gauge {@code By} by {@link #REPLICA_ADDRESS}, {@link #REPLICA_PORT}: {@code slaveN:offset} of a
   * primary.
   */
  public static final String REPLICATION_CONNECTED_REPLICA_OFFSET =
      "redis.replication.connected_replica.offset";

  /** Gauge {@code {epoch}}: {@code cluster_current_epoch}. */
  public static final String CLUSTER_CURRENT_EPOCH = "redis.cluster.current_epoch";

  /** Gauge {@code {epoch}}: {@code cluster_my_epoch}. */
  public static final String CLUSTER_MY_EPOCH = "redis.cluster.my_epoch";

  /**
   * Counter {@code {failure}} by {@link #ERROR_TYPE}: failed polls of a node (present even while it
   * is down).
   */
  public static final String POLL_FAILURES = "redis.info.poll.failures";
}
