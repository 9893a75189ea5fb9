package dev.redlens.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redlens.project.rewrite.KeyspaceRewriter;
import dev.redlens.project.rewrite.ProjectIsolationException;
import dev.redlens.project.rewrite.RewrittenCommand;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyspaceRewriterTest {

  static final String ID = "0f8c2a4e-6d1b-4c3a-9f2e-5b7d8a9c0e1f";
  static final String P = "project:{" + ID + "}:";
  final KeyspaceRewriter rewriter = ProjectKeyspace.of(ID).rewriter();
  final KeyspaceRewriter trusted = ProjectKeyspace.of(ID).withTrustedScripts().rewriter();

  static List<String> text(RewrittenCommand c) {
    return c.arguments().stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
  }

  List<String> rewrite(String... command) {
    String[] args = java.util.Arrays.copyOfRange(command, 1, command.length);
    return text(rewriter.rewrite(command[0], args));
  }

  @Test
  void prefixesKeysAtTheCatalogsPositions() {
    assertThat(rewrite("GET", "k")).containsExactly(P + "k");
    assertThat(rewrite("set", "k", "v", "EX", "10")).containsExactly(P + "k", "v", "EX", "10");
    assertThat(rewrite("MSET", "a", "1", "b", "2")).containsExactly(P + "a", "1", P + "b", "2");
    assertThat(rewrite("ZUNIONSTORE", "d", "2", "a", "b", "WEIGHTS", "1", "2"))
        .containsExactly(P + "d", "2", P + "a", P + "b", "WEIGHTS", "1", "2");
    assertThat(rewrite("SORT", "l", "LIMIT", "0", "5", "ALPHA", "STORE", "dst"))
        .containsExactly(P + "l", "LIMIT", "0", "5", "ALPHA", "STORE", P + "dst");
    assertThat(rewrite("XREAD", "COUNT", "2", "STREAMS", "s1", "s2", "0", "0"))
        .containsExactly("COUNT", "2", "STREAMS", P + "s1", P + "s2", "0", "0");
    assertThat(rewrite("EVAL", "return redis.call('GET', KEYS[1])", "1", "k", "arg"))
        .containsExactly("return redis.call('GET', KEYS[1])", "1", P + "k", "arg");
    assertThat(rewrite("OBJECT", "ENCODING", "k")).containsExactly("ENCODING", P + "k");
    assertThat(rewrite("RENAME", "a", "b")).containsExactly(P + "a", P + "b");
    assertThat(rewrite("LMPOP", "2", "a", "b", "LEFT"))
        .containsExactly("2", P + "a", P + "b", "LEFT");
    assertThat(rewrite("GEOSEARCHSTORE", "d", "s", "FROMMEMBER", "m", "BYRADIUS", "1", "km"))
        .containsExactly(P + "d", P + "s", "FROMMEMBER", "m", "BYRADIUS", "1", "km");
    assertThat(rewrite("PING")).isEmpty();
  }

  @Test
  void confinesListingAndChannels() {
    assertThat(rewrite("KEYS", "user:*")).containsExactly(P + "user:*");
    assertThat(rewrite("SCAN", "0")).containsExactly("0", "MATCH", P + "*");
    assertThat(rewrite("SCAN", "0", "COUNT", "10", "MATCH", "a*"))
        .containsExactly("0", "COUNT", "10", "MATCH", P + "a*");
    assertThat(rewrite("PUBLISH", "ch", "m")).containsExactly(P + "ch", "m");
    assertThat(rewrite("SUBSCRIBE", "a", "b")).containsExactly(P + "a", P + "b");
    assertThat(rewrite("PSUBSCRIBE", "n.*")).containsExactly(P + "n.*");
    assertThat(rewrite("SPUBLISH", "ch", "m")).containsExactly(P + "ch", "m");
    assertThat(rewrite("PUBSUB", "CHANNELS")).containsExactly("CHANNELS", P + "*");
    assertThat(rewriter.rewrite("KEYS", "*").replyHasKeys()).isTrue();
    assertThat(rewriter.rewrite("GET", "k").replyHasKeys()).isFalse();
  }

  @Test
  void escapesGlobCharactersOfCustomPrefixes() {
    KeyspaceRewriter custom = ProjectKeyspace.of(ID).withKeyPrefix("t[*]:%s:").rewriter();
    assertThat(text(custom.rewrite("KEYS", "*"))).containsExactly("t\\[\\*\\]:" + ID + ":*");
    assertThat(text(custom.rewrite("GET", "k"))).containsExactly("t[*]:" + ID + ":k");
  }

  @Test
  void unprefixesReplies() {
    byte[] key = (P + "user:1").getBytes(StandardCharsets.UTF_8);
    assertThat(new String(rewriter.unprefix(key), StandardCharsets.UTF_8)).isEqualTo("user:1");
    assertThat(rewriter.unprefix("other".getBytes(StandardCharsets.UTF_8)))
        .asString()
        .isEqualTo("other");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "FLUSHDB|FLUSHDB|every project",
        "FLUSHALL ASYNC|FLUSHALL|every project",
        "SWAPDB 0 1|SWAPDB|databases",
        "SELECT 1|SELECT|database",
        "MOVE k 1|MOVE|database",
        "MIGRATE h 1 k 0 10|MIGRATE|server",
        "DBSIZE|DBSIZE|every project",
        "RANDOMKEY|RANDOMKEY|any project",
        "CONFIG GET maxmemory|CONFIG GET|administers",
        "CONFIG SET maxmemory 1|CONFIG SET|administers",
        "DEBUG OBJECT k|DEBUG|administers",
        "INFO keyspace|INFO|key counts",
        "MONITOR|MONITOR|commands of every project",
        "CLIENT LIST|CLIENT LIST|shares",
        "CLIENT KILL ID 1|CLIENT KILL|shares",
        "AUTH user pw|AUTH|identity",
        "HELLO 3 AUTH u p|HELLO|identity",
        "SHUTDOWN|SHUTDOWN|shares",
        "ACL SETUSER x on|ACL SETUSER|shares",
        "SORT l BY w_*|SORT|BY pattern",
        "SORT_RO l GET obj_*->f|SORT_RO|GET pattern",
        "COPY a b DB 1|COPY|database",
        "FOO.BAR k|FOO.BAR|not in the command catalog",
        "PUBSUB NUMPAT|PUBSUB NUMPAT|pattern subscriptions",
        "SCRIPT FLUSH|SCRIPT FLUSH|script cache",
        "FCALL f 1 k|FCALL|functions",
        "FUNCTION LOAD code|FUNCTION LOAD|functions",
        "EVALSHA 0123456789abcdef0123456789abcdef01234567 0|EVALSHA|not loaded",
        "GET project:{11111111-1111-1111-1111-111111111111}:k|GET|project namespace",
        "RENAME k project:{11111111-1111-1111-1111-111111111111}:k|RENAME|project namespace",
        "KEYS project:{11111111-1111-1111-1111-111111111111}:*|KEYS|project namespace",
        "PUBLISH project:{11111111-1111-1111-1111-111111111111}:ch m|PUBLISH|project namespace",
      })
  void refusesWhatCouldEscapeWithAClearError(String command, String name, String reason) {
    String[] words = command.split(" ");
    assertThatThrownBy(
            () -> rewriter.rewrite(words[0], java.util.Arrays.copyOfRange(words, 1, words.length)))
        .isInstanceOf(ProjectIsolationException.class)
        .hasMessageContaining("refused " + name)
        .hasMessageContaining(ID)
        .hasMessageContaining(reason);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "return redis.call('GET', 'project:{x}:k')|computes a key",
        "return redis.call('GET', ARGV[1])|computes a key",
        "local k = KEYS[1] .. ':x' return redis.call('GET', k)|computes a key",
        "local c = redis.call return c('GET', 'x')|other than by calling it directly",
        "return redis['call']('GET', 'x')|'redis' other than",
        "return loadstring('return 1')()|loadstring",
        "KEYS[1] = 'x' return redis.call('GET', KEYS[1])|assigns to KEYS",
        "return redis.call(ARGV[1], KEYS[1])|computes the name",
        "return redis.call('KEYS', '*')|lists keys",
        "return redis.call('FLUSHDB')|refused",
        "return redis.call('SORT', KEYS[1], 'BY', 'w_*')|BY pattern",
        "return redis.call('SORT', KEYS[1], ARGV[1], ARGV[2])|computed argument",
        "return redis.call('DEL', unpack(ARGV))|computes a key",
        "return redis.call('ZUNIONSTORE', KEYS[1], ARGV[1], KEYS[2])|computed argument",
      })
  void refusesScriptsThatComputeKeysUnlessTrusted(String script, String reason) {
    assertThatThrownBy(() -> rewriter.rewrite("EVAL", script, "2", "a", "b"))
        .isInstanceOf(ProjectIsolationException.class)
        .hasMessageContaining("refused EVAL")
        .hasMessageContaining(reason);
    assertThat(text(trusted.rewrite("EVAL", script, "2", "a", "b"))).contains(P + "a", P + "b");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "return redis.call('GET', KEYS[1])",
        "redis.call('SET', KEYS[1], ARGV[1]) return redis.call('INCRBY', KEYS[2], tonumber(ARGV[2]) + 1)",
        "return redis.pcall('DEL', unpack(KEYS))",
        "for i = 1, #KEYS do redis.call('SET', KEYS[i], ARGV[i]) end return #KEYS",
        "-- a comment with redis.call('GET', 'x')\nreturn redis.call('MGET', KEYS[1], KEYS[2])",
        "return redis.call('ZUNIONSTORE', KEYS[1], 1, KEYS[2])",
        "redis.log(redis.LOG_NOTICE, 'x') return redis.call('SET', KEYS[1], tostring(ARGV[1]))",
      })
  void acceptsScriptsThatOnlyTouchDeclaredKeys(String script) {
    assertThat(text(rewriter.rewrite("EVAL", script, "2", "a", "b"))).contains(P + "a", P + "b");
  }

  @Test
  void evalshaOfAScriptCheckedThroughThisProject() throws Exception {
    String script = "return redis.call('GET', KEYS[1])";
    rewriter.rewrite("SCRIPT", "LOAD", script);
    String sha =
        java.util.HexFormat.of()
            .formatHex(
                java.security.MessageDigest.getInstance("SHA-1")
                    .digest(script.getBytes(StandardCharsets.UTF_8)));
    assertThat(text(rewriter.rewrite("EVALSHA", sha, "1", "k"))).containsExactly(sha, "1", P + "k");
  }
}
