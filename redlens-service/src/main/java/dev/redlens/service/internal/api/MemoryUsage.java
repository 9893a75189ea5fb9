package dev.redlens.service.internal.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.redlens.info.InfoSnapshot;
import dev.redlens.info.MemoryInfo;
import dev.redlens.info.ServerMetricNames;
import dev.redlens.project.ProjectKeyspace;
import dev.redlens.service.internal.redis.NodeReply;
import dev.redlens.service.internal.redis.RedisConnector;
import dev.redlens.service.internal.runtime.ServiceParts;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * {@code GET /test/redis/memory/usage[?project_id=]}: the server's memory figures from {@code INFO}
 * (through the instrumented administrative connections: every node of a cluster or Sentinel setup
 * in {@code nodes}, the node holding the project's keys at the top level) and, for a project, the
 * memory of its keys ({@code MEMORY USAGE} of up to {@value #MAX_KEYS_SAMPLED} keys found by a SCAN
 * confined to it).
 */
final class MemoryUsage implements Endpoint.Query {

  static final int MAX_KEYS_SAMPLED = 1_000;
  static final List<String> METRICS =
      List.of(
          ServerMetricNames.MEMORY_USED,
          ServerMetricNames.MEMORY_RSS,
          ServerMetricNames.MEMORY_PEAK,
          ServerMetricNames.MEMORY_FRAGMENTATION_RATIO,
          ServerMetricNames.MEMORY_LUA,
          ServerMetricNames.MAXMEMORY);

  private final ServiceParts parts;

  MemoryUsage(ServiceParts parts) {
    this.parts = parts;
  }

  record Server(String redisVersion, String mode) {}

  record Memory(
      Long usedMemory,
      String usedMemoryHuman,
      Long usedMemoryRss,
      Long usedMemoryPeak,
      Long usedMemoryLua,
      Long usedMemoryOverhead,
      Long usedMemoryDataset,
      Double fragmentationRatio,
      Long fragmentationBytes,
      String allocator,
      Map<String, ?> allocatorStats,
      Long maxmemory,
      String maxmemoryPolicy) {}

  record Project(
      String projectId,
      String keyPattern,
      long keysSampled,
      long memoryUsageBytes,
      boolean truncated) {}

  /**
   * One node's memory, for {@code nodes}: every node of the topology.
   *
   * @param memory the node's figures, or null when its INFO failed ({@code error} says why)
   */
  record NodeMemory(
      String node,
      String role,
      String redisVersion,
      @JsonInclude(JsonInclude.Include.NON_NULL) Memory memory,
      @JsonInclude(JsonInclude.Include.NON_NULL) String error) {

    static NodeMemory of(NodeReply<String> reply) {
      if (!reply.ok()) {
        return new NodeMemory(reply.node(), reply.role(), null, null, reply.error());
      }
      InfoSnapshot info = InfoSnapshot.parse(reply.reply());
      return new NodeMemory(
          reply.node(),
          reply.role(),
          info.server().version().orElse(null),
          MemoryUsage.memory(info),
          null);
    }
  }

  record Response(
      String source,
      String topology,
      String node,
      Server server,
      Memory memory,
      CollectorStatus collector,
      @JsonInclude(JsonInclude.Include.NON_NULL) Project project,
      List<NodeMemory> nodes,
      List<String> metrics) {}

  @Override
  public Set<String> parameters() {
    return Set.of("project_id");
  }

  @Override
  public Object handle(QueryParameters query, Exchange exchange) {
    UUID projectId = query.optionalProject();
    RedisConnector connector = parts.connector();
    // INFO on every node at once; the top-level figures are those of the node that holds the
    // project's keys (the server, the Sentinel's master, the master of the project's slot)
    List<NodeReply<String>> replies = connector.onEveryNode(RedisAsyncCommands::info);
    String node =
        projectId == null
            ? replies.get(0).node()
            : connector.projectNode(connector.keyspace(projectId));
    NodeReply<String> primary =
        replies.stream().filter(r -> r.node().equals(node)).findFirst().orElse(replies.get(0));
    InfoSnapshot info = InfoSnapshot.parse(primary.orThrow());
    Memory memory = memory(info);
    Project project = null;
    if (projectId != null) {
      exchange.project(projectId);
      ProjectKeyspace keyspace = parts.connector().keyspace(projectId);
      project =
          parts.connector().withProjectCommands(keyspace, redis -> projectMemory(redis, keyspace));
    }
    return new Response(
        "INFO (through the instrumented administrative connection of each node)",
        connector.topology().kind().toString().toLowerCase(Locale.ROOT),
        primary.node(),
        new Server(info.server().version().orElse(null), info.server().mode().orElse(null)),
        memory,
        CollectorStatus.of(parts),
        project,
        replies.stream().map(NodeMemory::of).toList(),
        METRICS);
  }

  private static Memory memory(InfoSnapshot info) {
    MemoryInfo m = info.memory();
    return new Memory(
        Figures.orNull(m.usedMemory()),
        info.get(InfoSnapshot.MEMORY, "used_memory_human").orElse(null),
        Figures.orNull(m.usedMemoryRss()),
        Figures.orNull(m.usedMemoryPeak()),
        Figures.orNull(m.usedMemoryLua()),
        Figures.orNull(m.usedMemoryOverhead()),
        Figures.orNull(m.usedMemoryDataset()),
        m.fragmentationRatio().isPresent() ? m.fragmentationRatio().getAsDouble() : null,
        Figures.orNull(m.fragmentationBytes()),
        m.allocator().orElse(null),
        new TreeMap<>(m.allocatorStats()),
        Figures.orNull(m.maxMemory()),
        m.maxMemoryPolicy().orElse(null));
  }

  /**
   * On the project's scoped connection: SCAN is confined to the project, names come back relative.
   */
  private static Project projectMemory(
      RedisCommands<String, String> redis, ProjectKeyspace keyspace) {
    long keys = 0;
    long bytes = 0;
    boolean truncated = false;
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches("*").limit(500));
      for (String key : page.getKeys()) {
        if (keys >= MAX_KEYS_SAMPLED) {
          truncated = true;
          break;
        }
        Long usage = redis.memoryUsage(key);
        keys++;
        bytes += usage == null ? 0 : usage;
      }
      cursor = page;
    } while (!cursor.isFinished() && !truncated);
    return new Project(keyspace.projectId(), keyspace.keyPattern(), keys, bytes, truncated);
  }
}
