package dev.redlens.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.redlens.conformance.drivers.JedisClientDriver;
import dev.redlens.project.rewrite.ProjectIsolationException;
import dev.redlens.testing.RedisServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.commands.ProtocolCommand;

/**
 * Project A attacks project B's keys and channels through A's scoped Jedis client, with the
 * attempts of {@link IsolationAttackTest#attempts()}, as plain commands, in pipelines and in
 * transactions: every attempt must be refused before it reaches the server (or confined, for KEYS *
 * and PUBSUB CHANNELS *), and B's data must be byte-for-byte unchanged afterwards.
 */
class JedisIsolationAttackTest {

  static final String A = IsolationAttackTest.A;
  static final String B = IsolationAttackTest.B;
  static final String BP = IsolationAttackTest.BP;

  static RedisServer server;
  static UnifiedJedis admin;
  static UnifiedJedis scopedA;

  @BeforeAll
  static void setUp() {
    server = RedisServer.builder().password("admin-secret").start();
    JedisClientConfig config =
        DefaultJedisClientConfig.builder()
            .password("admin-secret")
            .socketTimeoutMillis(10_000)
            .build();
    HostAndPort address = new HostAndPort(server.host(), server.port());
    admin = PlainJedis.client(address, config);
    try (UnifiedJedis b = ProjectKeyspace.of(B).jedisPooled(address, config, null)) {
      b.set("k", "secret");
      b.hset("h", Map.of("f", "v"));
      b.rpush("l", "3", "1", "2");
      b.sadd("s", "m");
      b.zadd("z", 1, "m");
      b.xadd("x", redis.clients.jedis.StreamEntryID.NEW_ENTRY, Map.of("f", "v"));
      b.set("w_1", "10");
      b.pfadd("hll", "a");
    }
    scopedA = ProjectKeyspace.of(A).jedisPooled(address, config, null);
    scopedA.set("k", "mine");
    scopedA.rpush("l", "1", "2");
    scopedA.sadd("s", "x");
  }

  @AfterAll
  static void tearDown() {
    scopedA.close();
    admin.close();
    server.close();
  }

  /** Every key of B with its DUMP and TTL: the byte-for-byte state to compare. */
  static Map<String, String> stateOfB() {
    Map<String, String> state = new TreeMap<>();
    for (byte[] key : admin.keys((BP + "*").getBytes(StandardCharsets.UTF_8))) {
      state.put(
          new String(key, StandardCharsets.UTF_8),
          Arrays.toString(admin.dump(key)) + " ttl=" + admin.pttl(key));
    }
    return state;
  }

  static ProtocolCommand command(String[] attempt) {
    byte[] name = attempt[0].getBytes(StandardCharsets.UTF_8);
    return () -> name;
  }

  static String[] arguments(String[] attempt) {
    return Arrays.copyOfRange(attempt, 1, attempt.length);
  }

  static boolean confined(String[] attempt) {
    String shown = String.join(" ", attempt);
    return shown.equals("KEYS *") || shown.equals("PUBSUB CHANNELS *");
  }

  static boolean refused(Throwable error) {
    return error instanceof ProjectIsolationException
        && error.getMessage().contains("Redlens refused");
  }

  @Test
  void everyAttemptOfAIsRefusedBeforeTheServerAndBIsUnchanged() {
    Map<String, String> before = stateOfB();
    assertThat(before).hasSize(8);
    List<String[]> attempts = IsolationAttackTest.attempts();
    assertThat(attempts).hasSizeGreaterThanOrEqualTo(40);
    long commandsBefore = commandsProcessed();

    List<String> failures = new ArrayList<>();
    int refusedCount = 0;
    for (String[] attempt : attempts) {
      String shown = String.join(" ", attempt);
      if (confined(attempt)) {
        Object reply = scopedA.sendCommand(command(attempt), arguments(attempt));
        if (String.valueOf(reply).contains(B) || render(reply).contains(B)) {
          failures.add("confined: " + shown + " -> " + render(reply));
        }
        continue;
      }
      failures.addAll(attack(scopedA, attempt));
      refusedCount++;
    }
    assertThat(failures).isEmpty();
    assertThat(refusedCount).isGreaterThanOrEqualTo(40);
    // the typed API cannot escape either
    assertThatThrownBy(scopedA::flushAll).isInstanceOf(ProjectIsolationException.class);
    assertThatThrownBy(() -> scopedA.get(BP + "k")).isInstanceOf(ProjectIsolationException.class);
    assertThatThrownBy(() -> scopedA.sendCommand(redis.clients.jedis.Protocol.Command.SELECT, "1"))
        .isInstanceOf(ProjectIsolationException.class);
    assertThat(scopedA.keys("*")).containsExactlyInAnyOrder("k", "l", "s"); // only A's, unprefixed
    assertThat(scopedA.get("k")).isEqualTo("mine"); // no discarded transaction ran
    assertThat(stateOfB()).isEqualTo(before);
    // refused commands never reached the server: per attempt, the server saw only the harmless
    // commands
    // around it (the pipeline's 2 GETs; MULTI, SET and the DISCARD sent for EXEC), plus a few of
    // our own
    // and of the pool (connection handshakes, validation PINGs); a leak would add 3 per attempt
    long sent = commandsProcessed() - commandsBefore;
    assertThat(sent).isLessThan(5L * refusedCount + 40);
  }

  /**
   * Sends {@code attempt} through {@code scoped} (whose key {@code k} holds {@code mine}) plainly,
   * pipelined between two harmless commands, and in a transaction; what was not refused as it must
   * be (a transaction with a refused command is discarded at EXEC).
   */
  static List<String> attack(UnifiedJedis scoped, String[] attempt) {
    String shown = String.join(" ", attempt);
    List<String> failures = new ArrayList<>();
    Throwable plain =
        catchThrowable(() -> scoped.sendCommand(command(attempt), arguments(attempt)));
    if (!refused(plain)) {
      failures.add("plain: " + shown + " -> " + plain);
    }
    try (AbstractPipeline pipeline = JedisClientDriver.openPipeline(scoped)) {
      var first = pipeline.get("k");
      Throwable piped =
          catchThrowable(() -> pipeline.sendCommand(command(attempt), arguments(attempt)));
      var last = pipeline.get("k");
      pipeline.sync();
      if (!refused(piped) || !"mine".equals(first.get()) || !"mine".equals(last.get())) {
        failures.add("pipeline: " + shown + " -> " + piped);
      }
    }
    try (AbstractTransaction tx = scoped.multi()) {
      tx.set("k", "changed in a discarded transaction");
      Throwable queued = catchThrowable(() -> tx.sendCommand(command(attempt), arguments(attempt)));
      Throwable exec = catchThrowable(tx::exec);
      if (!refused(queued) || !refused(exec)) {
        failures.add("transaction: " + shown + " -> " + queued + " / " + exec);
      }
    }
    return failures;
  }

  static long commandsProcessed() {
    String info = admin.info("stats");
    for (String line : info.split("\r?\n")) {
      if (line.startsWith("total_commands_processed:")) {
        return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
      }
    }
    throw new IllegalStateException(info);
  }

  static String render(Object reply) {
    if (reply instanceof byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    if (reply instanceof List<?> list) {
      List<String> out = new ArrayList<>();
      for (Object o : list) {
        out.add(render(o));
      }
      return out.toString();
    }
    return String.valueOf(reply);
  }
}
