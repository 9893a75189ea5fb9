package dev.redlens.core.internal.sanitize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redlens.core.catalog.CommandArguments;
import dev.redlens.core.catalog.CommandCatalog;
import dev.redlens.core.catalog.CommandSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuerySanitizerTest {

  static final CommandCatalog CATALOG = CommandCatalog.builtIn();

  static final QuerySanitizer SANITIZED =
      QuerySanitizer.create(QueryTextMode.SANITIZED, false, 1024);
  static final QuerySanitizer SANITIZED_MASKED =
      QuerySanitizer.create(QueryTextMode.SANITIZED, true, 1024);
  static final QuerySanitizer RAW = QuerySanitizer.create(QueryTextMode.RAW, false, 1024);
  static final QuerySanitizer RAW_MASKED = QuerySanitizer.create(QueryTextMode.RAW, true, 1024);

  /** Sanitizes a command line (words separated by blanks), resolving it in the bundled catalog. */
  static String run(QuerySanitizer sanitizer, String line) {
    String[] words = line.split(" ");
    CommandArguments args =
        CommandArguments.of(java.util.Arrays.copyOfRange(words, 1, words.length));
    CommandSpec spec = CATALOG.resolve(words[0], args);
    return sanitizer.sanitize(words[0], spec, args);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "SET user:1 secret                    | SET user:1 ?",
        "set user:1 secret EX 10              | SET user:1 ? ? ?",
        "GET k                                | GET k",
        "MGET a b                             | MGET a b",
        "HSET h f1 v1 f2 v2                   | HSET h ? ? ? ?",
        "EVAL script 2 k1 k2 arg              | EVAL ? ? k1 k2 ?",
        "MSET a 1 b 2                         | MSET a ? b ?",
        "ZUNIONSTORE dst 2 a b WEIGHTS 1 2    | ZUNIONSTORE dst ? a b ? ? ?",
        "XREAD COUNT 2 STREAMS s1 s2 0 0      | XREAD ? ? ? s1 s2 ? ?",
        "SORT k BY p STORE dst                | SORT k ? ? ? dst",
        "CLIENT LIST                          | CLIENT LIST",
        "client setname app                   | CLIENT SETNAME ?",
        "CONFIG GET maxmemory                 | CONFIG GET ?",
        "OBJECT ENCODING k                    | OBJECT ENCODING k",
        "CLIENT NOSUCH x                      | CLIENT ? ?",
        "PING                                 | PING",
        "PUBLISH news hello                   | PUBLISH ? ?",
        "NOSUCH a b                           | NOSUCH ? ?",
        "json.get doc $.a                     | JSON.GET ? ?",
      })
  void sanitized(String line, String expected) {
    assertThat(run(SANITIZED, line.trim())).isEqualTo(expected.trim());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "SET user:1 secret                    | SET ? ?",
        "MGET a b                             | MGET ? ?",
        "EVAL script 2 k1 k2 arg              | EVAL ? ? ? ? ?",
        "OBJECT ENCODING k                    | OBJECT ENCODING ?",
      })
  void sanitizedWithMaskedKeys(String line, String expected) {
    assertThat(run(SANITIZED_MASKED, line.trim())).isEqualTo(expected.trim());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "SET user:1 secret EX 10              | SET user:1 secret EX 10",
        "client setname app                   | CLIENT SETNAME app",
        "CONFIG GET maxmemory                 | CONFIG GET maxmemory",
        "NOSUCH a b                           | NOSUCH a b",
        "EVAL script 2 k1 k2 arg              | EVAL script 2 k1 k2 arg",
      })
  void raw(String line, String expected) {
    assertThat(run(RAW, line.trim())).isEqualTo(expected.trim());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "SET user:1 secret EX 10              | SET ? secret EX 10",
        "EVAL script 2 k1 k2 arg              | EVAL script 2 ? ? arg",
        "NOSUCH a b                           | NOSUCH ? ?",
      })
  void rawWithMaskedKeys(String line, String expected) {
    assertThat(run(RAW_MASKED, line.trim())).isEqualTo(expected.trim());
  }

  /** Credentials: masked in every mode. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "AUTH pw                                                   | AUTH ?",
        "auth user pw                                              | AUTH ? ?",
        "HELLO 3 AUTH user pw                                      | HELLO 3 AUTH ? ?",
        "HELLO 3 AUTH user pw SETNAME app                          | HELLO 3 AUTH ? ? SETNAME app",
        "hello 3 setname auth auth u p                             | HELLO 3 setname auth auth ? ?",
        "HELLO 3                                                   | HELLO 3",
        "MIGRATE host 6379 k 0 5000 AUTH pw                        | MIGRATE host 6379 k 0 5000 AUTH ?",
        "MIGRATE host 6379 k 0 5000 COPY AUTH2 user pw             | MIGRATE host 6379 k 0 5000 COPY AUTH2 ? ?",
        "MIGRATE host 6379 \"\" 0 5000 AUTH pw KEYS auth b         | MIGRATE host 6379 \"\" 0 5000 AUTH ? KEYS auth b",
        // a key named KEYS or AUTH is the key, not an option: the options come after the five fixed
        // arguments
        "MIGRATE host 6379 KEYS 0 5000 AUTH pw                     | MIGRATE host 6379 KEYS 0 5000 AUTH ?",
        "MIGRATE host 6379 AUTH 0 5000 COPY                        | MIGRATE host 6379 AUTH 0 5000 COPY",
        "MIGRATE host 6379 \"\" 0 5000 REPLACE AUTH2 u pw KEYS a b | MIGRATE host 6379 \"\" 0 5000 REPLACE AUTH2 ? ? KEYS a b",
        "ACL SETUSER alice on >pw1 <pw2 #abc !def ~* +@all         | ACL SETUSER alice on ? ? ? ? ~* +@all",
        "ACL SETUSER alice resetpass nopass                        | ACL SETUSER alice resetpass nopass",
        "ACL SETUSER alice (~k* >pw)                               | ACL SETUSER alice (~k* ?",
        "ACL DRYRUN alice AUTH pw                                  | ACL DRYRUN alice AUTH ?",
        "ACL GETUSER alice                                         | ACL GETUSER alice",
        "CONFIG SET requirepass pw                                 | CONFIG SET requirepass ?",
        "CONFIG SET maxmemory 1mb MASTERAUTH pw masteruser u       | CONFIG SET maxmemory 1mb MASTERAUTH ? masteruser ?",
        "CONFIG SET tls-key-file-pass pw tls-client-key-file-pass q | CONFIG SET tls-key-file-pass ? tls-client-key-file-pass ?",
        "CONFIG GET requirepass                                    | CONFIG GET requirepass",
        "SENTINEL SET mymaster auth-pass pw quorum 2               | SENTINEL SET mymaster auth-pass ? quorum 2",
        "SENTINEL CONFIG SET sentinel-pass pw sentinel-user u      | SENTINEL CONFIG SET sentinel-pass ? sentinel-user ?",
      })
  void credentialsAreMaskedInRawMode(String line, String expected) {
    assertThat(run(RAW, line.trim()).replace("  ", " \"\" ")).isEqualTo(expected.trim());
  }

  @Test
  void aclRulesWithBlanksInOneArgument() {
    CommandArguments args =
        CommandArguments.of("SETUSER", "alice", "(~k* >pw)", "on >pw2 ~*", "~cache:*");
    assertThat(RAW.sanitize("ACL", CATALOG.find("ACL SETUSER"), args))
        .isEqualTo("ACL SETUSER alice ? ? ~cache:*");
  }

  @Test
  void credentialsAreMaskedInSanitizedModeEvenWhereKeysAreKept() {
    assertThat(run(SANITIZED, "AUTH user pw")).isEqualTo("AUTH ? ?");
    assertThat(run(SANITIZED, "HELLO 3 AUTH user pw")).isEqualTo("HELLO ? ? ? ?");
    assertThat(run(SANITIZED, "CONFIG SET requirepass pw")).isEqualTo("CONFIG SET ? ?");
    assertThat(run(SANITIZED, "MIGRATE host 6379 k 0 5000 AUTH pw"))
        .isEqualTo("MIGRATE ? ? k ? ? ? ?");
    // a spec that (wrongly) declares every argument a key still cannot leak AUTH's password
    CommandSpec allKeys = CommandSpec.builder("AUTH").legacyKeyRange(1, -1, 1).build();
    assertThat(SANITIZED.sanitize("AUTH", allKeys, CommandArguments.of("user", "pw")))
        .isEqualTo("AUTH ? ?");
    // unknown to the catalog: still masked by name
    assertThat(RAW.sanitize("auth", null, CommandArguments.of("pw"))).isEqualTo("AUTH ?");
  }

  @Test
  void capStopsAtTheLimitWithAnEllipsis() {
    QuerySanitizer capped = QuerySanitizer.create(QueryTextMode.RAW, false, 20);
    // fits exactly: no ellipsis
    assertThat(
            capped.sanitize("SET", CATALOG.find("SET"), CommandArguments.of("k", "0123456789abcd")))
        .isEqualTo("SET k 0123456789abcd")
        .hasSize(20);
    // one more argument: cut, ellipsis within the cap
    String out =
        capped.sanitize(
            "SET", CATALOG.find("SET"), CommandArguments.of("k", "0123456789abcd", "EX", "1"));
    assertThat(out)
        .hasSizeLessThanOrEqualTo(20)
        .endsWith("\u2026")
        .startsWith("SET k 0123456789abc");
    // a huge argument is cut, not copied whole
    String huge = "x".repeat(1_000_000);
    String cut = capped.sanitize("SET", CATALOG.find("SET"), CommandArguments.of("k", huge));
    assertThat(cut).isEqualTo("SET k " + "x".repeat(13) + "\u2026").hasSize(20);
    // many arguments stop early
    String[] many = new String[100_000];
    java.util.Arrays.fill(many, "k");
    assertThat(SANITIZED.sanitize("MGET", CATALOG.find("MGET"), CommandArguments.of(many)))
        .hasSizeLessThanOrEqualTo(1024)
        .endsWith("k k\u2026")
        .doesNotEndWith(" \u2026");
    // the name alone longer than the cap
    QuerySanitizer tiny = QuerySanitizer.create(QueryTextMode.SANITIZED, false, 3);
    assertThat(tiny.sanitize("CLIENT", CATALOG.find("CLIENT LIST"), CommandArguments.of("LIST")))
        .isEqualTo("CL\u2026");
    QuerySanitizer one = QuerySanitizer.create(QueryTextMode.SANITIZED, false, 1);
    assertThat(one.sanitize("GET", CATALOG.find("GET"), CommandArguments.of("k")))
        .isEqualTo("\u2026");
  }

  @Test
  void capNeverSplitsASurrogatePair() {
    QuerySanitizer capped = QuerySanitizer.create(QueryTextMode.RAW, false, 9);
    String emoji = "\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00"; // three code points, six chars
    String out = capped.sanitize("SET", CATALOG.find("SET"), CommandArguments.of("k", emoji));
    // "SET k " is 6 chars; room for 2 chars before the ellipsis: one whole emoji
    assertThat(out).isEqualTo("SET k \uD83D\uDE00\u2026");
    QuerySanitizer odd = QuerySanitizer.create(QueryTextMode.RAW, false, 8);
    assertThat(odd.sanitize("SET", CATALOG.find("SET"), CommandArguments.of("k", emoji)))
        .isEqualTo("SET k\u2026");
  }

  @Test
  void brokenArgumentsGiveJustTheName() {
    CommandArguments broken =
        new CommandArguments() {
          @Override
          public int size() {
            return 2;
          }

          @Override
          public String get(int index) {
            throw new IllegalStateException("broken");
          }
        };
    CommandArguments noSize =
        new CommandArguments() {
          @Override
          public int size() {
            throw new IllegalStateException("broken");
          }

          @Override
          public String get(int index) {
            throw new IllegalStateException("broken");
          }
        };
    for (QuerySanitizer s : new QuerySanitizer[] {SANITIZED, RAW, RAW_MASKED}) {
      assertThat(s.sanitize("SET", CATALOG.find("SET"), broken)).isEqualTo("SET");
    }
    // masking everything reads no argument, so it does not notice
    assertThat(SANITIZED_MASKED.sanitize("SET", CATALOG.find("SET"), broken)).isEqualTo("SET ? ?");
    for (QuerySanitizer s : new QuerySanitizer[] {SANITIZED, SANITIZED_MASKED, RAW, RAW_MASKED}) {
      assertThat(s.sanitize("SET", CATALOG.find("SET"), noSize)).isEqualTo("SET");
      assertThat(s.sanitize("nosuch", null, noSize)).isEqualTo("NOSUCH");
      // AUTH masks by count without reading its arguments
      assertThat(s.sanitize("auth", null, broken)).isEqualTo("AUTH ? ?");
      assertThat(s.sanitize("CONFIG", CATALOG.find("CONFIG SET"), broken)).isEqualTo("CONFIG SET");
    }
    assertThat(RAW.sanitize("GET", CATALOG.find("GET"), null)).isEqualTo("GET");
    assertThat(RAW.sanitize(null, null, CommandArguments.EMPTY)).isEmpty();
    assertThat(RAW.sanitize(null, null, CommandArguments.of("a"))).isEqualTo("a");
    assertThat(SANITIZED.sanitize(null, null, CommandArguments.of("a"))).isEqualTo("?");
  }

  @Test
  void badConfigurationFailsFast() {
    assertThatThrownBy(() -> QuerySanitizer.create(null, false, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> QuerySanitizer.create(QueryTextMode.RAW, false, 0))
        .isInstanceOf(IllegalArgumentException.class);
    QuerySanitizer s = QuerySanitizer.create(QueryTextMode.RAW, true, 64);
    assertThat(s.mode()).isEqualTo(QueryTextMode.RAW);
    assertThat(s.masksKeys()).isTrue();
    assertThat(s.maxLength()).isEqualTo(64);
  }
}
