package dev.redlens.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Key positions from the bundled table, by the server's key-spec algorithm. */
class KeyPositionsTest {

  private static final CommandCatalog CATALOG = CommandCatalog.builtIn();

  /** The keys of a command line (words separated by blanks; {@code ""} is an empty argument). */
  static String[] keys(String line) {
    String[] words = line.split(" ");
    String[] args = new String[words.length - 1];
    for (int i = 1; i < words.length; i++) {
      args[i - 1] = words[i].equals("\"\"") ? "" : words[i];
    }
    CommandArguments a = CommandArguments.of(args);
    CommandSpec spec = CATALOG.resolve(words[0], a);
    assertThat(spec).as(line).isNotNull();
    int[] positions = spec.keyPositions(a);
    assertThat(spec.keyCount(a)).as("keyCount of " + line).isEqualTo(positions.length);
    String[] out = new String[positions.length];
    for (int i = 0; i < positions.length; i++) {
      out[i] = a.get(positions[i]);
    }
    return out;
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "GET k                                             | k",
        "MGET a b c                                        | a b c",
        "MSET a 1 b 2                                      | a b",
        "DEL a b                                           | a b",
        "EVAL script 2 k1 k2 arg                           | k1 k2",
        "EVALSHA sha 1 k1 arg1 arg2                        | k1",
        "FCALL fn 2 k1 k2 a                                | k1 k2",
        "XREAD COUNT 2 STREAMS s1 s2 0 0                   | s1 s2",
        "XREAD BLOCK 0 STREAMS s1 $                        | s1",
        "XREADGROUP GROUP g c STREAMS s1 >                 | s1",
        "XREADGROUP GROUP g c COUNT 1 STREAMS s1 s2 > >    | s1 s2",
        "SORT k BY p STORE dst                             | k dst",
        "SORT k LIMIT 0 10 GET # STORE dst ALPHA           | k dst",
        "SORT k                                            | k",
        "SORT_RO k BY p GET #                              | k",
        "ZUNIONSTORE dst 2 a b WEIGHTS 1 2                 | dst a b",
        "ZINTER 3 a b c                                    | a b c",
        "OBJECT ENCODING k                                 | k",
        "object encoding k                                 | k",
        "MEMORY USAGE k SAMPLES 5                          | k",
        "MIGRATE host 6379 \"\" 0 5000 KEYS a b            | a b",
        "MIGRATE host 6379 \"\" 0 5000 COPY AUTH pw KEYS a | a",
        "MIGRATE host 6379 k 0 5000                        | k",
        "MIGRATE host 6379 k 0 5000 REPLACE                | k",
        "BITOP AND dst a b                                 | dst a b",
        "LMOVE a b LEFT RIGHT                              | a b",
        "BLMOVE a b LEFT RIGHT 0                           | a b",
        "RENAME a b                                        | a b",
        "GEORADIUS g 15 37 200 km STORE dst                | g dst",
        "GEORADIUS g 15 37 200 km WITHDIST                 | g",
        "GEORADIUSBYMEMBER g m 200 km STOREDIST d          | g d",
        "GEOSEARCHSTORE dst src FROMMEMBER m BYRADIUS 1 km | dst src",
        "LMPOP 2 a b LEFT COUNT 3                          | a b",
        "BLMPOP 0 2 a b LEFT                               | a b",
        "ZMPOP 1 z MIN                                     | z",
        "SINTERCARD 2 a b LIMIT 1                          | a b",
        "BLPOP a b 0                                       | a b",
        "SET k v GET                                       | k",
        "BITFIELD k GET u8 0                               | k",
        "HSET h f v f2 v2                                  | h",
        "XGROUP CREATE s g $ MKSTREAM                      | s",
        "XINFO STREAM s FULL                               | s",
        "PFCOUNT a b                                       | a b",
        "WATCH a b                                         | a b",
        "TOUCH a b c                                       | a b c",
        "COPY src dst DB 1                                 | src dst",
      })
  void keysOf(String line, String expected) {
    assertThat(keys(line.trim())).containsExactly(expected.trim().split(" "));
  }

  @ParameterizedTest(name = "{0} has no keys")
  @CsvSource({
    "PING",
    "INFO memory",
    "CLIENT LIST",
    "CONFIG GET maxmemory",
    "PUBLISH channel message",
    "SPUBLISH channel message",
    "EVAL script 0",
    "FLUSHDB",
    "XREAD COUNT 2",
    "MIGRATE host 6379 k 0 5000 KEYS a b",
    "EVAL script 5 k1",
    "EVAL script notanumber k1",
    "EVAL script -1 k1",
    "GET",
    "MSET",
  })
  void noKeys(String line) {
    assertThat(keys(line)).isEmpty();
  }

  @Test
  void keyCountAllocatesNothingForFixedPositions() {
    CommandSpec get = CATALOG.find("GET");
    CommandArguments args = CommandArguments.of("k");
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    int sum = 0;
    for (int i = 0; i < 20_000; i++) {
      sum += get.keyCount(args); // warm up
    }
    long before = threads.getThreadAllocatedBytes(id);
    for (int i = 0; i < 10_000; i++) {
      sum += get.keyCount(args);
    }
    long allocated = threads.getThreadAllocatedBytes(id) - before;
    assertThat(sum).isEqualTo(30_000);
    // a few bytes of noise from the measurement itself, nothing per call
    assertThat(allocated).isLessThan(1_000);
  }

  @Test
  void brokenArgumentsGiveNoKeys() {
    CommandArguments broken =
        new CommandArguments() {
          @Override
          public int size() {
            return 3;
          }

          @Override
          public String get(int index) {
            throw new IllegalStateException("broken");
          }
        };
    CommandSpec eval = CATALOG.find("EVAL");
    assertThat(eval.keyCount(broken)).isZero();
    assertThat(eval.keyPositions(broken)).isEmpty();
    assertThat(CATALOG.find("GET").keyCount(null)).isZero();
  }

  @Test
  void legacyRangeServesSpecsWithoutKeySpecs() {
    // as learned from Redis 6.2, which reports first/last/step only
    CommandSpec mset = CommandSpec.builder("MSET").arity(-3).legacyKeyRange(1, -1, 2).build();
    CommandArguments args = CommandArguments.of("a", "1", "b", "2");
    assertThat(mset.keyPositions(args)).containsExactly(0, 2);
    CommandSpec rename = CommandSpec.builder("RENAME").arity(3).legacyKeyRange(1, 2, 1).build();
    assertThat(rename.keyPositions(CommandArguments.of("a", "b"))).containsExactly(0, 1);
    assertThat(rename.keyPositions(CommandArguments.of("a"))).isEmpty();
    CommandSpec ping = CommandSpec.builder("PING").arity(-1).build();
    assertThat(ping.keyCount(CommandArguments.of("x"))).isZero();
  }

  @Test
  void moduleCommandWithKeySpecs() {
    CommandSpec jsonMget =
        CommandSpec.builder("JSON.MGET")
            .arity(-3)
            .flags("readonly")
            .aclCategories("@read")
            .keySpecs(KeySpec.builder().flags("RO", "ACCESS").beginIndex(1).range(-2, 1, 0).build())
            .build();
    assertThat(jsonMget.keyPositions(CommandArguments.of("a", "b", "c", "$.x")))
        .containsExactly(0, 1, 2);
    assertThat(jsonMget.cacheRead()).isEqualTo(CacheRead.PER_ELEMENT);
    assertThat(jsonMget.category()).isEqualTo(CommandCategory.READ);
  }

  @Test
  void keywordSearchedBackwardsFromTheEnd() {
    CommandSpec spec =
        CommandSpec.builder("X.CMD")
            .keySpecs(KeySpec.builder().beginKeyword("KEYS", -2).range(-1, 1, 0).build())
            .build();
    assertThat(spec.keyPositions(CommandArguments.of("a", "KEYS", "k1", "k2")))
        .containsExactly(2, 3);
    assertThat(spec.keyPositions(CommandArguments.of("a", "b"))).isEmpty();
  }
}
