package dev.redlens.info;

import dev.redlens.info.internal.InfoTextParser;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The parsed text of one {@code INFO} reply: every section as raw fields, typed views of the
 * well-known sections, and the composite lines (commandstats, latencystats, errorstats, keyspace,
 * replicas) read by name.
 *
 * <p>{@link #parse(String)} is a pure function that never throws: lines it cannot read are skipped
 * and counted in {@link #skippedLines()}, fields and sections it does not know are kept raw, and
 * anything missing reads as empty (never as zero). Instances are immutable and safe to share
 * between threads.
 *
 * <pre>{@code
 * InfoSnapshot info = InfoSnapshot.parse(connection.sync().info("everything"));
 * long used = info.memory().usedMemory().orElseThrow();
 * info.commandStats().get("client|list").calls();
 * }</pre>
 */
public final class InfoSnapshot {
  /** Section names as the parser stores them (lower case). */
  public static final String SERVER = "server";

  /** {@code # Clients}. */
  public static final String CLIENTS = "clients";

  /** {@code # Memory}. */
  public static final String MEMORY = "memory";

  /** {@code # Persistence}. */
  public static final String PERSISTENCE = "persistence";

  /** {@code # Stats}. */
  public static final String STATS = "stats";

  /** {@code # Replication}. */
  public static final String REPLICATION = "replication";

  /** {@code # CPU}. */
  public static final String CPU = "cpu";

  /** {@code # Commandstats}. */
  public static final String COMMANDSTATS = "commandstats";

  /** {@code # Latencystats} (Redis 7.0+). */
  public static final String LATENCYSTATS = "latencystats";

  /** {@code # Errorstats} (Redis 6.2+). */
  public static final String ERRORSTATS = "errorstats";

  /** {@code # Cluster}. */
  public static final String CLUSTER = "cluster";

  /** {@code # Keyspace}. */
  public static final String KEYSPACE = "keyspace";

  private static final InfoSnapshot EMPTY = parse("");

  private final Map<String, InfoSection> sections;
  private final Map<String, CommandStats> commandStats;
  private final Map<String, LatencyPercentiles> latencyStats;
  private final Map<String, Long> errorStats;
  private final Map<Integer, KeyspaceInfo> keyspace;
  private final List<ReplicaInfo> replicas;
  private final int skippedLines;

  private InfoSnapshot(Map<String, InfoSection> sections, int skippedLines) {
    this.sections = Collections.unmodifiableMap(sections);
    StructuredLines lines = new StructuredLines();
    this.commandStats = lines.commandStats(section(COMMANDSTATS).fields());
    this.latencyStats = lines.latencyStats(section(LATENCYSTATS).fields());
    this.errorStats = lines.errorStats(section(ERRORSTATS).fields());
    this.keyspace = lines.keyspace(section(KEYSPACE).fields());
    this.replicas = lines.replicas(section(REPLICATION).fields());
    this.skippedLines = skippedLines + lines.unreadable();
  }

  /**
   * Parses the text of an {@code INFO} reply (any sections, any server version). Never throws;
   * {@code null} and empty text give an empty snapshot.
   */
  public static InfoSnapshot parse(String text) {
    InfoTextParser.RawInfo raw = InfoTextParser.parse(text);
    Map<String, InfoSection> sections = new LinkedHashMap<>();
    raw.sections().forEach((name, fields) -> sections.put(name, new InfoSection(name, fields)));
    return new InfoSnapshot(sections, raw.skippedLines());
  }

  /** A snapshot with no sections. */
  public static InfoSnapshot empty() {
    return EMPTY;
  }

  /** Every section by lower-case name, in server order, sections unknown to this class included. */
  public Map<String, InfoSection> sections() {
    return sections;
  }

  /** Whether the reply had the section {@code name} (any case). */
  public boolean hasSection(String name) {
    return sections.containsKey(name.toLowerCase(Locale.ROOT));
  }

  /** The section {@code name} (any case), or an empty section if the reply did not have it. */
  public InfoSection section(String name) {
    String key = name.toLowerCase(Locale.ROOT);
    InfoSection section = sections.get(key);
    return section != null ? section : InfoSection.empty(key);
  }

  /** The raw value of {@code field} in {@code section}. */
  public Optional<String> get(String section, String field) {
    return section(section).get(field);
  }

  /** {@code field} of {@code section} as an integer. */
  public OptionalLong longValue(String section, String field) {
    return section(section).longValue(field);
  }

  /** {@code field} of {@code section} as a decimal number. */
  public OptionalDouble doubleValue(String section, String field) {
    return section(section).doubleValue(field);
  }

  /** {@code # Server}. */
  public ServerInfo server() {
    return new ServerInfo(section(SERVER));
  }

  /** {@code # Clients}. */
  public ClientsInfo clients() {
    return new ClientsInfo(section(CLIENTS));
  }

  /** {@code # Memory}. */
  public MemoryInfo memory() {
    return new MemoryInfo(section(MEMORY));
  }

  /** {@code # Persistence}. */
  public PersistenceInfo persistence() {
    return new PersistenceInfo(section(PERSISTENCE));
  }

  /** {@code # Stats}. */
  public StatsInfo stats() {
    return new StatsInfo(section(STATS));
  }

  /** {@code # Replication}, with the replicas of a primary. */
  public ReplicationInfo replication() {
    return new ReplicationInfo(section(REPLICATION), replicas);
  }

  /** {@code # CPU}. */
  public CpuInfo cpu() {
    return new CpuInfo(section(CPU));
  }

  /**
   * {@code # Commandstats} by command ({@code get}, {@code client|list}); empty if not requested.
   */
  public Map<String, CommandStats> commandStats() {
    return commandStats;
  }

  /**
   * {@code # Latencystats} by command (Redis 7.0+; empty on older servers or when tracking is off).
   */
  public Map<String, LatencyPercentiles> latencyStats() {
    return latencyStats;
  }

  /**
   * {@code # Errorstats}: error prefix ({@code ERR}, {@code WRONGTYPE}, …) to count (Redis 6.2+).
   */
  public Map<String, Long> errorStats() {
    return errorStats;
  }

  /**
   * {@code # Keyspace} by database index, in index order; databases without keys are not listed by
   * Redis.
   */
  public Map<Integer, KeyspaceInfo> keyspace() {
    return keyspace;
  }

  /** Whether {@code # Cluster} says {@code cluster_enabled:1}. */
  public boolean clusterEnabled() {
    return longValue(CLUSTER, "cluster_enabled").orElse(0) == 1;
  }

  /**
   * Lines that could not be read: lines without a colon or a field name, nameless headers, and
   * composite lines ({@code cmdstat_}, {@code latency_percentiles_usec_}, {@code errorstat_},
   * {@code dbN}, {@code slaveN}) whose value is unreadable. Such lines are left out; the rest of
   * the reply is still read.
   */
  public int skippedLines() {
    return skippedLines;
  }

  @Override
  public String toString() {
    return "InfoSnapshot"
        + sections.keySet()
        + (skippedLines > 0 ? " skipped=" + skippedLines : "");
  }
}
