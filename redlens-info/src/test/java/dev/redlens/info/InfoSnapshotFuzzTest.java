package dev.redlens.info;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/**
 * Property tests: the parser never throws, loses nothing it could read, and counts what it skips.
 */
class InfoSnapshotFuzzTest {

  @Property(tries = 2000)
  void neverThrowsOnArbitraryText(@ForAll @StringLength(max = 400) String text) {
    touchEverything(InfoSnapshot.parse(text), text);
  }

  @Property(tries = 2000)
  void neverThrowsOnInfoLookingText(@ForAll("infoLikeText") String text) {
    touchEverything(InfoSnapshot.parse(text), text);
    touchEverything(ClusterInfo.parse(text));
  }

  @Property(tries = 500)
  void truncatedCaptureKeepsEveryCompleteLine(
      @ForAll("captures") Path capture, @ForAll @IntRange(min = 0, max = 100_000) int cutAt) {
    String full = InfoCaptures.read(capture);
    String truncated = full.substring(0, Math.min(cutAt, full.length()));
    InfoSnapshot whole = InfoSnapshot.parse(full);
    InfoSnapshot cut = touchEverything(InfoSnapshot.parse(truncated), truncated);

    String complete = truncated.substring(0, truncated.lastIndexOf('\n') + 1);
    InfoSnapshot completeOnly = InfoSnapshot.parse(complete);
    completeOnly
        .sections()
        .forEach(
            (name, section) ->
                section
                    .fields()
                    .forEach(
                        (field, value) ->
                            assertThat(whole.get(name, field))
                                .as(name + "." + field)
                                .contains(value)));
    completeOnly
        .sections()
        .forEach(
            (name, section) ->
                section
                    .fields()
                    .forEach(
                        (field, value) ->
                            assertThat(cut.get(name, field))
                                .as(name + "." + field)
                                .contains(value)));
    assertThat(cut.skippedLines()).isLessThanOrEqualTo(1);
  }

  @Property(tries = 300)
  void garbageLinesAreSkippedCountedAndHarmless(
      @ForAll("captures") Path capture,
      @ForAll("garbageLines") List<String> garbage,
      @ForAll long seed) {
    String full = InfoCaptures.read(capture);
    List<String> lines = new ArrayList<>(full.lines().toList());
    java.util.Random random = new java.util.Random(seed);
    for (String line : garbage) {
      lines.add(random.nextInt(lines.size() + 1), line);
    }
    InfoSnapshot mixed = InfoSnapshot.parse(String.join("\r\n", lines));
    InfoSnapshot clean = InfoSnapshot.parse(full);

    assertThat(mixed.skippedLines()).isEqualTo(garbage.size());
    assertThat(mixed.sections()).isEqualTo(clean.sections());
    assertThat(mixed.commandStats()).isEqualTo(clean.commandStats());
    assertThat(mixed.keyspace()).isEqualTo(clean.keyspace());
  }

  @Property(tries = 500)
  void renderedSectionsParseBackExactly(
      @ForAll("sectionMaps") Map<String, Map<String, String>> sections,
      @ForAll("lineEndings") String eol) {
    StringBuilder text = new StringBuilder();
    sections.forEach(
        (name, fields) -> {
          text.append("# ").append(name).append(eol);
          fields.forEach(
              (field, value) -> text.append(field).append(':').append(value).append(eol));
          text.append(eol);
        });
    InfoSnapshot info = InfoSnapshot.parse(text.toString());

    assertThat(info.skippedLines()).isZero();
    assertThat(info.sections().keySet()).containsExactlyElementsOf(sections.keySet());
    sections.forEach((name, fields) -> assertThat(info.section(name).fields()).isEqualTo(fields));
  }

  @Provide
  Arbitrary<String> infoLikeText() {
    Arbitrary<String> token =
        Arbitraries.oneOf(
            Arbitraries.of(
                "# Server",
                "# Keyspace",
                "# Commandstats",
                "# Latencystats",
                "# Errorstats",
                "# Replication",
                "# Memory",
                "# CPU",
                "#",
                "# ",
                "db0:",
                "db",
                "slave0:",
                "cmdstat_",
                "latency_percentiles_usec_",
                "errorstat_",
                "keys=",
                "calls=",
                "p50=",
                "count=",
                "ip=::1",
                "used_memory:",
                "allocator_",
                "used_cpu_sys:",
                "redis_version:",
                "cluster_state:",
                "mem_fragmentation_ratio:",
                ":",
                ",",
                "=",
                "\r\n",
                "\n",
                "\r",
                " ",
                "|",
                "-",
                ".",
                "e",
                "9223372036854775807",
                "99999999999999999999",
                "-1",
                "1.5",
                "NaN",
                "\u0000",
                "\uFEFF"),
            Arbitraries.strings().withChars("#:=,.|_-pde0123456789\r\n ").ofMaxLength(8),
            Arbitraries.strings().ofMaxLength(4));
    return token.list().ofMaxSize(80).map(parts -> String.join("", parts));
  }

  @Provide
  Arbitrary<Path> captures() {
    return Arbitraries.of(InfoCaptures.all());
  }

  @Provide
  Arbitrary<List<String>> garbageLines() {
    return Arbitraries.strings()
        .withChars("abc XYZ-_=,.!|0123456789\t")
        .ofMinLength(1)
        .ofMaxLength(30)
        .filter(s -> !s.isBlank())
        .list()
        .ofMaxSize(10);
  }

  @Provide
  Arbitrary<String> lineEndings() {
    return Arbitraries.of("\n", "\r\n", "\r");
  }

  @Provide
  Arbitrary<Map<String, Map<String, String>>> sectionMaps() {
    Arbitrary<String> name =
        Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12);
    Arbitrary<String> field =
        Combinators.combine(
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(1),
                Arbitraries.strings()
                    .withChars("abcdefghijklmnopqrstuvwxyz_|0123456789")
                    .ofMaxLength(20))
            .as(String::concat);
    Arbitrary<String> value =
        Arbitraries.strings()
            .withChars("abcxyz0123456789:.,=-_|% ABC")
            .ofMaxLength(30)
            .map(String::strip);
    Arbitrary<Map<String, String>> fields =
        Arbitraries.maps(field, value).ofMaxSize(15).map(LinkedHashMap::new);
    return Arbitraries.maps(name, fields).ofMaxSize(6).map(LinkedHashMap::new);
  }

  private static InfoSnapshot touchEverything(InfoSnapshot info, String text) {
    assertThat(info.skippedLines())
        .isBetween(0, (int) text.chars().filter(c -> c == '\n' || c == '\r').count() + 1);
    info.sections()
        .values()
        .forEach(
            s ->
                s.fields()
                    .keySet()
                    .forEach(
                        f -> {
                          s.longValue(f);
                          s.doubleValue(f);
                        }));
    info.server().version();
    info.server().majorVersion();
    info.memory().allocatorStats();
    info.memory().fragmentationRatio();
    info.memory().usedMemoryLua();
    info.cpu().secondsByState();
    info.replication()
        .replicas()
        .forEach(
            r -> {
              r.ip();
              r.port();
              r.offset();
              r.lagSeconds();
            });
    info.replication().isReplica();
    info.commandStats()
        .values()
        .forEach(
            c -> {
              c.calls();
              c.usecPerCall();
            });
    info.latencyStats()
        .values()
        .forEach(l -> l.percentiles().values().forEach(v -> assertThat(v).isFinite()));
    info.keyspace()
        .values()
        .forEach(
            k -> {
              assertThat(k.db()).isNotNegative();
              k.keys();
            });
    info.errorStats();
    info.clusterEnabled();
    assertThat(info.toString()).isNotNull();
    return info;
  }

  private static void touchEverything(ClusterInfo cluster) {
    cluster.state();
    cluster.slotsAssigned();
    cluster.size();
  }
}
