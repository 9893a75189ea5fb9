package dev.redlens.info;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The parser's rules on hand-written input: odd line endings, odd lines, composite values read by
 * name.
 */
class InfoSnapshotParserTest {

  @Test
  void nullAndEmptyGiveAnEmptySnapshot() {
    assertThat(InfoSnapshot.parse(null).sections()).isEmpty();
    assertThat(InfoSnapshot.parse("").sections()).isEmpty();
    assertThat(InfoSnapshot.parse("\r\n\n  \n").skippedLines()).isZero();
    assertThat(InfoSnapshot.empty().memory().usedMemory()).isEmpty();
  }

  @Test
  void anyLineEndingAndHeaderCase() {
    InfoSnapshot info =
        InfoSnapshot.parse(
            "# SERVER\rredis_version:7.2.0\r\n#memory\nused_memory:10\r\n\r\n#  Cpu  \nused_cpu_sys:1.5");

    assertThat(info.sections()).containsOnlyKeys("server", "memory", "cpu");
    assertThat(info.server().version()).contains("7.2.0");
    assertThat(info.memory().usedMemory()).hasValue(10);
    assertThat(info.cpu().usedCpuSys()).hasValue(1.5);
    assertThat(info.section("Memory")).isSameAs(info.sections().get("memory"));
    assertThat(info.hasSection("MEMORY")).isTrue();
  }

  @Test
  void splitsOnTheFirstColonOnly() {
    InfoSnapshot info =
        InfoSnapshot.parse(
            """
                # Replication
                role:slave
                master_host:2001:db8::1
                master_port:6379
                slave0:ip=::1,port=6380,state=online,offset=10,lag=0
                slave1:ip=fe80::1%eth0,port=6381,state=wait_bgsave,offset=0,lag=3
                # Server
                executable:C:\\redis\\redis-server.exe
                config_file:
                """);

    assertThat(info.replication().masterHost()).contains("2001:db8::1");
    assertThat(info.replication().replicas()).hasSize(2);
    assertThat(info.replication().replicas().get(0).ip()).contains("::1");
    assertThat(info.replication().replicas().get(1).ip()).contains("fe80::1%eth0");
    assertThat(info.replication().replicas().get(1).lagSeconds()).hasValue(3);
    assertThat(info.server().executable()).contains("C:\\redis\\redis-server.exe");
    assertThat(info.get("server", "config_file")).contains("");
    assertThat(info.skippedLines()).isZero();
  }

  @Test
  void oddLinesAreSkippedAndCounted() {
    InfoSnapshot info =
        InfoSnapshot.parse(
            """
                # Memory
                used_memory:100
                this line has no colon
                :value without a name
                #
                used_memory_rss:200
                """);

    assertThat(info.skippedLines()).isEqualTo(3);
    assertThat(info.memory().usedMemory()).hasValue(100);
    assertThat(info.memory().usedMemoryRss()).hasValue(200);
  }

  @Test
  void fieldsBeforeAnyHeaderAndUnknownSectionsAreKeptRaw() {
    InfoSnapshot info =
        InfoSnapshot.parse(
            """
                loose_field:1
                # Search
                search_number_of_indexes:3
                search_gc_bytes_collected:1.5K
                # Server
                redis_version:8.0.0
                # search
                search_dialect_1:2
                """);

    assertThat(info.section("").longValue("loose_field")).hasValue(1);
    assertThat(info.section("search").fields())
        .containsOnlyKeys(
            "search_number_of_indexes", "search_gc_bytes_collected", "search_dialect_1");
    assertThat(info.longValue("search", "search_gc_bytes_collected")).isEmpty();
    assertThat(info.get("search", "search_gc_bytes_collected")).contains("1.5K");
    assertThat(info.section("nonexistent").isEmpty()).isTrue();
  }

  @Test
  void commandStatsAreReadByNameNotPosition() {
    InfoSnapshot info =
        InfoSnapshot.parse(
            """
                # Commandstats
                cmdstat_client|list:calls=1,usec=2,usec_per_call=2.00,rejected_calls=0,failed_calls=0
                cmdstat_get:usec=30,failed_calls=2,calls=10,future_field=x,usec_per_call=3.00
                cmdstat_ping:calls=4,usec=4,usec_per_call=1.00
                cmdstat_broken:usec=1
                cmdstat_:calls=1
                """);

    assertThat(info.commandStats()).containsOnlyKeys("client|list", "get", "ping");
    CommandStats get = info.commandStats().get("get");
    assertThat(get.calls()).hasValue(10);
    assertThat(get.usec()).hasValue(30);
    assertThat(get.failedCalls()).hasValue(2);
    assertThat(get.rejectedCalls()).isEmpty();
    assertThat(get.fields()).containsEntry("future_field", "x");
    assertThat(info.commandStats().get("ping").failedCalls()).isEmpty();
    assertThat(info.skippedLines()).isEqualTo(2);
  }

  @Test
  void latencyStatsKeepAnyPercentile() {
    InfoSnapshot info =
        InfoSnapshot.parse(
            """
                # Latencystats
                latency_percentiles_usec_get:p0=0.5,p50=1.003,p75.5=1.5,p99=2.007,p99.9=3.007,p100=9.1
                latency_percentiles_usec_set:p50=1
                latency_percentiles_usec_bad:median=1,p50=abc
                """);

    assertThat(info.latencyStats().get("get").percentiles())
        .containsExactly(
            entry("p0", 0.5),
            entry("p50", 1.003),
            entry("p75.5", 1.5),
            entry("p99", 2.007),
            entry("p99.9", 3.007),
            entry("p100", 9.1));
    assertThat(info.latencyStats().get("set").usec("p50")).hasValue(1.0);
    assertThat(info.latencyStats()).doesNotContainKey("bad");
    assertThat(info.skippedLines()).isEqualTo(1);
  }

  @Test
  void errorStatsByPrefix() {
    InfoSnapshot info =
        InfoSnapshot.parse(
            """
                # Errorstats
                errorstat_ERR:count=3
                errorstat_WRONGTYPE:count=1
                errorstat_NOPERM:count=12
                errorstat_OOM:count=x
                """);

    assertThat(info.errorStats())
        .containsExactly(entry("ERR", 3L), entry("WRONGTYPE", 1L), entry("NOPERM", 12L));
    assertThat(info.skippedLines()).isEqualTo(1);
  }

  @Test
  void keyspaceAnyDatabaseAndUnknownFields() {
    InfoSnapshot info =
        InfoSnapshot.parse(
            """
                # Keyspace
                db15:keys=7,expires=0,avg_ttl=0,cached_keys=7
                db0:keys=1,expires=0,avg_ttl=0,subexpiry=0
                db1023:avg_ttl=5,keys=2
                db99999999999:keys=1
                db2:
                dbx:keys=1
                """);

    assertThat(info.keyspace()).containsOnlyKeys(0, 15, 1023);
    assertThat(info.keyspace().keySet()).containsExactly(0, 15, 1023);
    assertThat(info.keyspace().get(15).fields()).containsEntry("cached_keys", "7");
    assertThat(info.keyspace().get(1023).keys()).hasValue(2);
    assertThat(info.keyspace().get(1023).expires()).isEmpty();
    assertThat(info.keyspace().get(1023).avgTtlMillis()).hasValue(5);
    assertThat(info.section("keyspace").get("dbx")).contains("keys=1");
    assertThat(info.skippedLines()).isEqualTo(2);
  }

  @Test
  void numbersAreParsedTheSameInAnyLocale() {
    Locale before = Locale.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY);
      InfoSnapshot info =
          InfoSnapshot.parse("# Memory\nmem_fragmentation_ratio:1.19\nused_memory:1,5\n");
      assertThat(info.memory().fragmentationRatio()).hasValue(1.19);
      assertThat(info.memory().usedMemory()).isEmpty();
    } finally {
      Locale.setDefault(before);
    }
  }

  @Test
  void missingOrNonNumericValuesReadAsEmptyNotZero() {
    InfoSnapshot info =
        InfoSnapshot.parse(
            """
                # Memory
                used_memory:
                used_memory_rss:NaN
                used_memory_peak:0x10
                maxmemory:99999999999999999999
                mem_fragmentation_ratio:inf
                used_memory_lua:\u0661\u0662
                """);

    MemoryInfo memory = info.memory();
    assertThat(memory.usedMemory()).isEmpty();
    assertThat(memory.usedMemoryRss()).isEmpty();
    assertThat(memory.usedMemoryPeak()).isEmpty();
    assertThat(memory.maxMemory()).isEmpty();
    assertThat(memory.fragmentationRatio()).isEmpty();
    assertThat(memory.usedMemoryLua()).isEmpty();
    assertThat(info.stats().keyspaceHits()).isEmpty();
  }

  @Test
  void luaMemoryFallsBackToTheVmEvalFieldOfNewerServers() {
    assertThat(InfoSnapshot.parse("# Memory\nused_memory_vm_eval:31744\n").memory().usedMemoryLua())
        .hasValue(31744);
  }

  @Test
  void repeatedSectionsMergeAndRepeatedFieldsKeepTheLastValue() {
    InfoSnapshot info =
        InfoSnapshot.parse(
            "# Stats\nkeyspace_hits:1\n# Memory\nused_memory:5\n# stats\nkeyspace_hits:2\nkeyspace_misses:3\n");
    assertThat(info.stats().keyspaceHits()).hasValue(2);
    assertThat(info.stats().keyspaceMisses()).hasValue(3);
    assertThat(info.sections().keySet()).containsExactly("stats", "memory");
  }

  private static <K, V> java.util.Map.Entry<K, V> entry(K key, V value) {
    return java.util.Map.entry(key, value);
  }
}
