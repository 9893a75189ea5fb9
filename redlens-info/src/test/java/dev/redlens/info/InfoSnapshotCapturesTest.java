package dev.redlens.info;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every real capture in {@code ../shared/testdata/info/} parses completely and into the right
 * values.
 */
class InfoSnapshotCapturesTest {
  private static final Pattern VERSION = Pattern.compile("redis-(\\d+\\.\\d+\\.\\d+)-");

  static List<Path> captures() {
    return InfoCaptures.all();
  }

  static List<Path> everythingCaptures() {
    return captures().stream()
        .filter(p -> p.getFileName().toString().endsWith("-everything.txt"))
        .toList();
  }

  @ParameterizedTest
  @MethodSource("captures")
  void everyLineOfEveryCaptureIsRead(Path capture) {
    String text = InfoCaptures.read(capture);
    InfoSnapshot info = InfoSnapshot.parse(text);

    long fieldLines =
        text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).count();
    int parsedFields = info.sections().values().stream().mapToInt(s -> s.fields().size()).sum();
    assertThat(info.skippedLines()).isZero();
    assertThat(parsedFields).isEqualTo(fieldLines);
    assertThat(info.sections().values())
        .allSatisfy(
            section ->
                section
                    .fields()
                    .forEach(
                        (field, value) -> {
                          assertThat(field).doesNotContain(":", "\r", "\n");
                          assertThat(value).doesNotContain("\r", "\n");
                        }));
  }

  @ParameterizedTest
  @MethodSource("everythingCaptures")
  void everythingCaptureHasTheSpecifiedMemoryStatistics(Path capture) {
    InfoSnapshot info = InfoSnapshot.parse(InfoCaptures.read(capture));
    MemoryInfo memory = info.memory();

    assertThat(info.server().version()).contains(versionOf(capture));
    assertThat(memory.usedMemory()).isPresent();
    assertThat(memory.usedMemoryRss()).isPresent();
    assertThat(memory.usedMemoryPeak()).isPresent();
    assertThat(memory.usedMemoryLua()).isPresent();
    assertThat(memory.fragmentationRatio()).isPresent();
    assertThat(memory.fragmentationRatio().getAsDouble()).isPositive();
    assertThat(memory.maxMemoryPolicy()).contains("noeviction");
    assertThat(memory.maxMemory()).hasValue(0);
    assertThat(memory.allocator()).hasValueSatisfying(a -> assertThat(a).startsWith("jemalloc-"));
    assertThat(memory.allocatorStats())
        .containsKeys(
            "allocated",
            "active",
            "resident",
            "frag_ratio",
            "frag_bytes",
            "rss_ratio",
            "rss_bytes");
    assertThat(memory.allocatorLong("allocated")).isPresent();
    assertThat(memory.allocatorDouble("frag_ratio")).isPresent();
    assertThat(memory.allocatorStats().size())
        .isEqualTo(
            (int)
                memory.section().fields().keySet().stream()
                    .filter(f -> f.startsWith("allocator_"))
                    .count());
  }

  @ParameterizedTest
  @MethodSource("everythingCaptures")
  void everythingCaptureHasEverySection(Path capture) {
    InfoSnapshot info = InfoSnapshot.parse(InfoCaptures.read(capture));
    int major = (int) info.server().majorVersion().orElseThrow();

    assertThat(info.sections().keySet())
        .contains(
            "server",
            "clients",
            "memory",
            "persistence",
            "stats",
            "replication",
            "cpu",
            "modules",
            "commandstats",
            "errorstats",
            "cluster",
            "keyspace");
    assertThat(info.clients().connectedClients()).isPresent();
    assertThat(info.stats().keyspaceHits()).isPresent();
    assertThat(info.stats().totalCommandsProcessed()).isPresent();
    assertThat(info.persistence().rdbChangesSinceLastSave()).isPresent();
    assertThat(info.cpu().secondsByState())
        .containsKeys(
            "sys", "user", "sys_children", "user_children", "sys_main_thread", "user_main_thread");
    assertThat(info.replication().role()).isPresent();
    boolean freshReplica = capture.getFileName().toString().contains("replica");
    assertThat(info.commandStats().isEmpty()).isEqualTo(freshReplica);
    assertThat(info.errorStats().isEmpty()).isEqualTo(freshReplica);
    assertThat(info.commandStats())
        .allSatisfy(
            (command, stats) -> {
              assertThat(stats.calls()).isPresent();
              assertThat(stats.usec()).isPresent();
              assertThat(stats.usecPerCall()).isPresent();
              assertThat(stats.failedCalls()).isPresent();
              assertThat(stats.rejectedCalls()).isPresent();
            });
    assertThat(info.errorStats()).allSatisfy((prefix, count) -> assertThat(count).isPositive());
    if (major >= 7) {
      assertThat(info.hasSection("latencystats")).isTrue();
      assertThat(info.latencyStats())
          .allSatisfy(
              (command, latency) ->
                  assertThat(latency.percentiles()).containsKeys("p50", "p99", "p99.9"));
      // a command gets percentiles once it has run (cmdstat_set:calls=0 with only rejected calls
      // has none)
      info.commandStats()
          .forEach(
              (command, stats) ->
                  assertThat(info.latencyStats().containsKey(command))
                      .as(command)
                      .isEqualTo(stats.calls().getAsLong() > 0));
    } else {
      assertThat(info.hasSection("latencystats")).isFalse();
      assertThat(info.latencyStats()).isEmpty();
    }
  }

  @Test
  void redis74KeyspaceWithSubexpiryAndSubcommands() {
    InfoSnapshot info = InfoSnapshot.parse(InfoCaptures.read("redis-7.4.1-everything.txt"));

    assertThat(info.keyspace()).containsOnlyKeys(0, 1);
    KeyspaceInfo db0 = info.keyspace().get(0);
    assertThat(db0.keys()).hasValue(4);
    assertThat(db0.expires()).hasValue(1);
    assertThat(db0.avgTtlMillis()).hasValue(3599900);
    assertThat(db0.subexpiry()).hasValue(1);
    assertThat(info.keyspace().get(1).keys()).hasValue(1);

    assertThat(info.commandStats().get("client|list").calls()).hasValue(1);
    assertThat(info.commandStats().get("config|get").usec()).hasValue(17);
    assertThat(info.commandStats().get("get").calls()).hasValue(51);
    assertThat(info.commandStats().get("get").usecPerCall()).hasValue(5.73);
    assertThat(info.commandStats().get("set").rejectedCalls()).hasValue(1);
    assertThat(info.commandStats().get("incr").failedCalls()).hasValue(1);
    assertThat(info.latencyStats().get("client|list").usec("p99.9")).hasValue(57.087);
    assertThat(info.latencyStats().get("get").usec("p50")).hasValue(6.015);
    assertThat(info.errorStats()).containsEntry("ERR", 3L).containsEntry("WRONGTYPE", 1L);
    assertThat(info.memory().allocatorLong("muzzy")).hasValue(0);
    assertThat(info.server().mode()).contains("standalone");
    assertThat(info.server().tcpPort()).hasValue(17074);
    assertThat(info.clusterEnabled()).isFalse();
  }

  @Test
  void redis62HasNoSubcommandStatsNorLatencyStats() {
    InfoSnapshot info = InfoSnapshot.parse(InfoCaptures.read("redis-6.2.16-everything.txt"));

    assertThat(info.server().majorVersion()).hasValue(6);
    assertThat(info.commandStats())
        .containsKeys("client", "config", "get")
        .doesNotContainKey("client|list");
    assertThat(info.keyspace().get(0).subexpiry()).isEmpty();
    assertThat(info.keyspace().get(0).keys()).hasValue(4);
    assertThat(info.memory().allocatorStats()).doesNotContainKey("muzzy");
  }

  @Test
  void primaryListsItsReplica() {
    InfoSnapshot info = InfoSnapshot.parse(InfoCaptures.read("redis-7.4.1-replication-master.txt"));
    ReplicationInfo replication = info.replication();

    assertThat(replication.role()).contains("master");
    assertThat(replication.isReplica()).contains(false);
    assertThat(replication.connectedReplicas()).hasValue(1);
    assertThat(replication.masterReplOffset()).hasValue(50);
    assertThat(replication.replBacklogFirstByteOffset()).hasValue(1);
    assertThat(replication.replicas())
        .singleElement()
        .satisfies(
            replica -> {
              assertThat(replica.index()).isZero();
              assertThat(replica.ip()).contains("127.0.0.1");
              assertThat(replica.port()).hasValue(17275);
              assertThat(replica.state()).contains("online");
              assertThat(replica.offset()).hasValue(50);
              assertThat(replica.lagSeconds()).hasValue(1);
            });
  }

  @Test
  void replicaReportsItsLinkToThePrimary() {
    ReplicationInfo up =
        InfoSnapshot.parse(InfoCaptures.read("redis-7.4.1-replication-replica.txt")).replication();
    assertThat(up.isReplica()).contains(true);
    assertThat(up.masterHost()).contains("127.0.0.1");
    assertThat(up.masterPort()).hasValue(17274);
    assertThat(up.masterLinkStatus()).contains("up");
    assertThat(up.replicaReplOffset()).hasValue(50);
    assertThat(up.replicas()).isEmpty();

    ReplicationInfo down =
        InfoSnapshot.parse(InfoCaptures.read("redis-7.0.15-replica-everything.txt")).replication();
    assertThat(down.masterLinkStatus()).contains("down");
    assertThat(down.section().longValue("master_link_down_since_seconds")).hasValue(-1);
  }

  @Test
  void clusterNodeAndClusterInfo() {
    InfoSnapshot node =
        InfoSnapshot.parse(InfoCaptures.read("redis-7.0.15-cluster-node-everything.txt"));
    assertThat(node.clusterEnabled()).isTrue();
    assertThat(node.server().mode()).contains("cluster");

    ClusterInfo cluster = ClusterInfo.parse(InfoCaptures.read("redis-7.0.15-cluster-info.txt"));
    assertThat(cluster.state()).contains("ok");
    assertThat(cluster.slotsAssigned()).hasValue(16384);
    assertThat(cluster.slotsOk()).hasValue(16384);
    assertThat(cluster.slotsPfail()).hasValue(0);
    assertThat(cluster.slotsFail()).hasValue(0);
    assertThat(cluster.knownNodes()).hasValue(3);
    assertThat(cluster.size()).hasValue(3);
    assertThat(cluster.currentEpoch()).hasValue(3);
    assertThat(cluster.myEpoch()).hasValue(1);
    assertThat(cluster.messagesSent()).hasValue(17);
    assertThat(cluster.messagesReceived()).hasValue(17);
    assertThat(cluster.linksBufferLimitExceeded()).hasValue(0);
  }

  private static String versionOf(Path capture) {
    Matcher m = VERSION.matcher(capture.getFileName().toString());
    assertThat(m.find()).as("version in file name " + capture).isTrue();
    return m.group(1);
  }

  @Test
  void capturesCoverEveryVersionTheIssueNames() {
    assertThat(captures())
        .extracting(p -> p.getFileName().toString())
        .anyMatch(n -> n.startsWith("redis-6.2"))
        .anyMatch(n -> n.startsWith("redis-7.0"))
        .anyMatch(n -> n.startsWith("redis-7.2"))
        .anyMatch(n -> n.startsWith("redis-7.4"))
        .anyMatch(n -> n.contains("replica"))
        .anyMatch(n -> n.contains("cluster"));
  }
}
