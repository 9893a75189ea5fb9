package dev.redlens.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link CommandCatalog#learn(List)} on replies in every shape a client may return them (no server
 * needed).
 */
class LearnTest {

  /** HGETEX as Redis 8 reports it, in RESP2 shape: strings and longs in nested lists. */
  static List<Object> hgetexResp2() {
    return List.of(
        "hgetex",
        -5L,
        List.of("write", "fast"),
        1L,
        1L,
        1L,
        List.of("@write", "@hash", "@fast"),
        List.of(),
        List.of(
            List.of(
                "flags",
                List.of("RW", "access", "update"),
                "begin_search",
                List.of("type", "index", "spec", List.of("index", 1L)),
                "find_keys",
                List.of(
                    "type", "range", "spec", List.of("lastkey", 0L, "keystep", 1L, "limit", 0L)))),
        List.of());
  }

  @Test
  void learnsAnUnknownCommandFromAResp2Reply() {
    CommandCatalog catalog = CommandCatalog.builtIn();
    assertThat(catalog.find("HGETEX")).isNull();
    List<CommandSpec> learned = catalog.learn(List.of(hgetexResp2()));
    assertThat(learned).extracting(CommandSpec::name).containsExactly("HGETEX");
    CommandSpec spec = catalog.resolve("hgetex", CommandArguments.of("h", "FIELDS", "1", "f"));
    assertThat(spec).isSameAs(learned.get(0));
    assertThat(spec.category()).isEqualTo(CommandCategory.WRITE);
    assertThat(spec.cacheRead()).isEqualTo(CacheRead.PER_ELEMENT);
    assertThat(spec.aclCategories()).containsExactly("write", "hash", "fast");
    assertThat(spec.keyPositions(CommandArguments.of("h", "FIELDS", "1", "f"))).containsExactly(0);
  }

  @Test
  void learnsFromBinaryAndResp3Shapes() {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("notes", "a note");
    spec.put("flags", new LinkedHashSet<>(List.of("RO", "access")));
    spec.put(
        "begin_search",
        Map.of("type", "keyword", "spec", Map.of("keyword", "KEYS", "startfrom", 1L)));
    spec.put(
        "find_keys",
        Map.of("type", "keynum", "spec", Map.of("keynumidx", 0L, "firstkey", 1L, "keystep", 1L)));
    List<Object> entry =
        Arrays.asList(
            "mod.read".getBytes(StandardCharsets.UTF_8),
            Integer.valueOf(-2),
            new LinkedHashSet<>(
                List.of(ByteBuffer.wrap("readonly".getBytes(StandardCharsets.UTF_8)))),
            0L,
            0L,
            0L,
            List.of("@read".getBytes(StandardCharsets.UTF_8)),
            List.of(),
            List.of(spec),
            List.of());
    List<CommandSpec> learned = CommandCatalog.empty().learn(List.of(entry));
    assertThat(learned).hasSize(1);
    CommandSpec s = learned.get(0);
    assertThat(s.name()).isEqualTo("MOD.READ");
    assertThat(s.isReadOnly()).isTrue();
    assertThat(s.category()).isEqualTo(CommandCategory.READ);
    assertThat(s.keyPositions(CommandArguments.of("x", "KEYS", "2", "a", "b", "y")))
        .containsExactly(3, 4);
  }

  @Test
  void learnsContainersWithTheirSubcommands() {
    List<Object> get =
        List.of(
            "mod.config|get",
            -3L,
            List.of("admin"),
            0L,
            0L,
            0L,
            List.of("@admin", "@slow"),
            List.of(),
            List.of(),
            List.of());
    List<Object> set =
        List.of(
            "mod.config|set",
            -4L,
            List.of("admin"),
            0L,
            0L,
            0L,
            List.of("@admin", "@slow"),
            List.of(),
            List.of(),
            List.of());
    List<Object> help =
        List.of(
            "mod.config|help",
            2L,
            List.of(),
            0L,
            0L,
            0L,
            List.of("@slow"),
            List.of(),
            List.of(),
            List.of());
    List<Object> container =
        List.of(
            "mod.config",
            -2L,
            List.of(),
            0L,
            0L,
            0L,
            List.of("@slow"),
            List.of(),
            List.of(),
            List.of(get, set, help));
    CommandCatalog catalog = CommandCatalog.empty();
    List<CommandSpec> learned = catalog.learn(List.of(container));
    assertThat(learned)
        .extracting(CommandSpec::name)
        .containsExactly("MOD.CONFIG", "MOD.CONFIG GET", "MOD.CONFIG SET", "MOD.CONFIG HELP");
    assertThat(catalog.find("MOD.CONFIG").hasSubcommands()).isTrue();
    assertThat(catalog.find("MOD.CONFIG").category()).isEqualTo(CommandCategory.ADMIN);
    assertThat(catalog.resolve("mod.config", CommandArguments.of("set", "a", "b")).name())
        .isEqualTo("MOD.CONFIG SET");
    assertThat(catalog.size()).isEqualTo(4);
  }

  @Test
  void preSevenEntriesOnlyAddUnknownCommands() {
    // Redis 6.2 entries: 7 elements, no key specs
    List<Object> del62 =
        List.of("del", -2L, List.of("write"), 1L, -1L, 1L, List.of("@keyspace", "@write", "@slow"));
    List<Object> mod62 = List.of("mod.cmd", 2L, List.of("write"), 1L, 1L, 1L, List.of("@write"));
    CommandCatalog catalog = CommandCatalog.builtIn();
    CommandSpec bundledDel = catalog.find("DEL");
    List<CommandSpec> learned = catalog.learn(List.of(del62, mod62));
    assertThat(learned).extracting(CommandSpec::name).containsExactly("MOD.CMD");
    assertThat(catalog.find("DEL")).isSameAs(bundledDel);
    assertThat(catalog.find("DEL").category()).isEqualTo(CommandCategory.DELETE);
    assertThat(catalog.find("MOD.CMD").keyPositions(CommandArguments.of("k"))).containsExactly(0);

    // a Redis 5 entry (6 elements, no ACL categories)
    List<Object> old = List.of("old.cmd", -2L, List.of("readonly"), 1L, 1L, 1L);
    assertThat(catalog.learn(List.of(old)))
        .extracting(CommandSpec::category)
        .containsExactly(CommandCategory.OTHER);
  }

  @Test
  void sevenEntriesReplaceKnownOnes() {
    CommandCatalog catalog = CommandCatalog.builtIn();
    List<Object> get =
        List.of(
            "get",
            2L,
            List.of("readonly", "fast"),
            1L,
            1L,
            1L,
            List.of("@read", "@string", "@fast"),
            List.of("new_tip"),
            List.of(),
            List.of());
    assertThat(catalog.learn(List.of(get))).hasSize(1);
    assertThat(catalog.find("GET").tips()).containsExactly("new_tip");
  }

  @Test
  void aSingleEntryIsAcceptedToo() {
    assertThat(CommandCatalog.empty().learn(hgetexResp2()))
        .extracting(CommandSpec::name)
        .containsExactly("HGETEX");
  }

  @Test
  void malformedEntriesAreSkippedAndNothingThrows() {
    List<Object> reply = new ArrayList<>();
    reply.add(null); // COMMAND INFO of an unknown command
    reply.add("not a list");
    reply.add(List.of("short", 1L));
    reply.add(List.of("noarity", "x", List.of(), 0L, 0L, 0L));
    reply.add(
        List.of(
            12L, 1L, List.of(), 0L, 0L, 0L, List.of(), List.of(), List.of(),
            List.of())); // numeric name
    reply.add(
        List.of(
            "badspec",
            2L,
            List.of(),
            1L,
            1L,
            1L,
            List.of(),
            List.of(),
            List.of(List.of("flags")),
            List.of()));
    reply.add(
        List.of(
            "zerostep",
            2L,
            List.of(),
            1L,
            1L,
            1L,
            List.of(),
            List.of(),
            List.of(
                List.of(
                    "flags",
                    List.of("RO"),
                    "begin_search",
                    List.of("type", "index", "spec", List.of("index", 1L)),
                    "find_keys",
                    List.of(
                        "type",
                        "range",
                        "spec",
                        List.of("lastkey", 0L, "keystep", 0L, "limit", 0L)))),
            List.of()));
    reply.add(List.of("a|b|c", 2L, List.of(), 0L, 0L, 0L));
    reply.add(hgetexResp2());
    CommandCatalog catalog = CommandCatalog.empty();
    List<CommandSpec> learned = catalog.learn(reply);
    assertThat(learned).extracting(CommandSpec::name).containsExactly("12", "HGETEX");
    assertThat(catalog.learn(null)).isEmpty();
    assertThat(catalog.learn(List.of())).isEmpty();
    assertThat(catalog.learn(Arrays.asList((Object) null))).isEmpty();
  }

  @Test
  void unknownKeySpecTypesAreKeptAsUnknown() {
    List<Object> entry =
        List.of(
            "mod.weird",
            -2L,
            List.of("write"),
            0L,
            0L,
            0L,
            List.of("@write"),
            List.of(),
            List.of(
                List.of(
                    "flags",
                    List.of("RW"),
                    "begin_search",
                    List.of("type", "unknown", "spec", List.of()),
                    "find_keys",
                    List.of("type", "unknown", "spec", List.of())),
                List.of(
                    "flags",
                    List.of("RW"),
                    "begin_search",
                    List.of("type", "index", "spec", List.of("index", 1L)),
                    "find_keys",
                    List.of(
                        "type",
                        "range",
                        "spec",
                        List.of("lastkey", 0L, "keystep", 1L, "limit", 0L)))),
            List.of());
    CommandSpec spec = CommandCatalog.empty().learn(List.of(entry)).get(0);
    assertThat(spec.keySpecs())
        .extracting(KeySpec::beginSearch)
        .containsExactly(KeySpec.BeginSearch.UNKNOWN, KeySpec.BeginSearch.INDEX);
    // the usable spec still finds its key (the server's partial search)
    assertThat(spec.keyPositions(CommandArguments.of("k", "v"))).containsExactly(0);
  }
}
