package dev.redlens.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redlens.conformance.drivers.JedisClientDriver;
import dev.redlens.project.rewrite.ProjectIsolationException;
import dev.redlens.testing.RedisServerExtension;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.Tuple;
import redis.clients.jedis.util.KeyValue;

/**
 * A project's normal work through a scoped Jedis client behaves as unscoped, with names relative to
 * it.
 */
class JedisScopedWorkTest {

  @RegisterExtension static final RedisServerExtension redis = RedisServerExtension.create();

  static UnifiedJedis scoped(String project, RedisProtocol protocol) {
    JedisClientConfig config =
        DefaultJedisClientConfig.builder().protocol(protocol).socketTimeoutMillis(10_000).build();
    return ProjectKeyspace.of(project)
        .jedisPooled(new HostAndPort(redis.server().host(), redis.server().port()), config, null);
  }

  @SuppressWarnings("unchecked")
  static List<String> rawKeys() {
    return (List<String>) redis.server().call("KEYS", "*");
  }

  static String text(Object reply) {
    if (reply instanceof byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    if (reply instanceof List<?> list) {
      return list.stream().map(JedisScopedWorkTest::text).toList().toString();
    }
    if (reply instanceof KeyValue<?, ?> kv) {
      return text(kv.getKey()) + ", " + text(kv.getValue());
    }
    return String.valueOf(reply);
  }

  @ParameterizedTest
  @EnumSource(RedisProtocol.class)
  void typedCommandsKeepTheirMeaningWithRelativeNames(RedisProtocol protocol) {
    String project = UUID.randomUUID().toString();
    String prefix = "project:{" + project + "}:";
    try (UnifiedJedis jedis = scoped(project, protocol)) {
      // strings
      assertThat(jedis.set("s", "v")).isEqualTo("OK");
      assertThat(jedis.get("s")).isEqualTo("v");
      assertThat(jedis.incr("n")).isEqualTo(1);
      assertThat(jedis.append("s", prefix)).isEqualTo(1 + prefix.length());
      assertThat(jedis.get("s"))
          .isEqualTo("v" + prefix); // a value containing the prefix: untouched
      assertThat(jedis.mget("s", "n", "missing")).containsExactly("v" + prefix, "1", null);
      // hashes
      jedis.hset("h", Map.of("f1", "a", "f2", "b"));
      assertThat(jedis.hgetAll("h")).isEqualTo(Map.of("f1", "a", "f2", "b"));
      // lists, with a value that starts with the prefix (values are never un-prefixed)
      jedis.rpush("l", prefix + "x", "2");
      assertThat(jedis.lrange("l", 0, -1)).containsExactly(prefix + "x", "2");
      assertThat(jedis.blpop(1, "nothing", "l")).containsExactly("l", prefix + "x");
      KeyValue<String, String> popped = jedis.brpop(1.0, "l");
      assertThat(popped.getKey()).isEqualTo("l");
      assertThat(popped.getValue()).isEqualTo("2");
      // sets
      jedis.sadd("set1", "a", "b");
      jedis.sadd("set2", "b", "c");
      assertThat(jedis.sinterstore("both", "set1", "set2")).isEqualTo(1);
      assertThat(jedis.smembers("both")).containsExactly("b");
      // sorted sets
      jedis.zadd("z", Map.of("m1", 1.0, "m2", 2.0));
      assertThat(jedis.zrange("z", 0, -1)).containsExactly("m1", "m2");
      KeyValue<String, Tuple> min = jedis.bzpopmin(1.0, "z");
      assertThat(min.getKey()).isEqualTo("z");
      assertThat(min.getValue().getElement()).isEqualTo("m1");
      // streams
      StreamEntryID id = jedis.xadd("x", StreamEntryID.NEW_ENTRY, Map.of("f", "v"));
      assertThat(jedis.xrange("x", (StreamEntryID) null, (StreamEntryID) null))
          .extracting(StreamEntry::getID)
          .containsExactly(id);
      Map<String, StreamEntryID> from = new HashMap<>();
      from.put("x", new StreamEntryID());
      List<Map.Entry<String, List<StreamEntry>>> read =
          jedis.xread(XReadParams.xReadParams().count(10), from);
      assertThat(read).hasSize(1);
      assertThat(read.get(0).getKey()).isEqualTo("x");
      assertThat(read.get(0).getValue().get(0).getFields()).isEqualTo(Map.of("f", "v"));

      // every name the application sees is relative; every name on the server is in the namespace
      List<String> mine = List.of("s", "n", "h", "set1", "set2", "both", "z", "x");
      assertThat(jedis.keys("*")).containsExactlyInAnyOrderElementsOf(mine);
      assertThat(jedis.keys("s*")).containsExactlyInAnyOrder("s", "set1", "set2");
      assertThat(jedis.exists("s")).isTrue();
      assertThat(rawKeys()).allMatch(k -> k.startsWith(prefix)).hasSize(mine.size());
      String cursor = ScanParams.SCAN_POINTER_START;
      java.util.Set<String> scanned = new java.util.HashSet<>();
      do {
        ScanResult<String> page = jedis.scan(cursor, new ScanParams().count(2));
        scanned.addAll(page.getResult());
        cursor = page.getCursor();
      } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
      assertThat(scanned).containsExactlyInAnyOrderElementsOf(mine);
      assertThat(jedis.scan("0", new ScanParams().match("set*").count(100)).getResult())
          .containsExactlyInAnyOrder("set1", "set2");
      // sendCommand: the raw API goes through the same rewriting
      assertThat(
              new String(
                  (byte[]) jedis.sendCommand(Protocol.Command.GET, "s"), StandardCharsets.UTF_8))
          .isEqualTo("v" + prefix);
      assertThatThrownBy(jedis::flushDB).isInstanceOf(ProjectIsolationException.class);
      assertThatThrownBy(() -> jedis.sendCommand(Protocol.Command.FLUSHALL))
          .isInstanceOf(ProjectIsolationException.class)
          .hasMessageContaining("Redlens refused FLUSHALL for project " + project);
      assertThatThrownBy(() -> jedis.get(prefix + "s"))
          .isInstanceOf(ProjectIsolationException.class);
      assertThat(jedis.get("s")).isEqualTo("v" + prefix); // the pooled connection is still fine
    }
  }

  @ParameterizedTest
  @EnumSource(RedisProtocol.class)
  void pipelinesAndTransactionsAreScopedCommandByCommand(RedisProtocol protocol) {
    String project = UUID.randomUUID().toString();
    String prefix = "project:{" + project + "}:";
    try (UnifiedJedis jedis = scoped(project, protocol)) {
      try (AbstractPipeline pipeline = JedisClientDriver.openPipeline(jedis)) {
        Response<String> set = pipeline.set("p1", "a");
        Response<Long> push = pipeline.rpush("pl", "x");
        assertThatThrownBy(() -> pipeline.sendCommand(Protocol.Command.FLUSHALL, new String[0]))
            .isInstanceOf(ProjectIsolationException.class);
        Response<String> get = pipeline.get("p1");
        Response<java.util.Set<String>> keys = pipeline.keys("p*");
        Response<List<String>> blpop = pipeline.blpop(1, "pl");
        pipeline.sync();
        assertThat(set.get()).isEqualTo("OK");
        assertThat(push.get()).isEqualTo(1);
        assertThat(get.get()).isEqualTo("a");
        assertThat(keys.get()).containsExactlyInAnyOrder("p1", "pl");
        assertThat(blpop.get()).containsExactly("pl", "x");
      }
      try (AbstractTransaction tx = jedis.multi()) {
        Response<String> set = tx.set("t1", "b");
        Response<Long> incr = tx.incr("t2");
        Response<java.util.Set<String>> keys = tx.keys("t*");
        Response<String> get = tx.get("t1");
        List<Object> results = tx.exec();
        assertThat(results).hasSize(4);
        assertThat(set.get()).isEqualTo("OK");
        assertThat(incr.get()).isEqualTo(1);
        assertThat(keys.get()).containsExactlyInAnyOrder("t1", "t2");
        assertThat(get.get()).isEqualTo("b");
      }
      // a refused command discards its transaction: nothing of it runs
      try (AbstractTransaction tx = jedis.multi()) {
        tx.set("t3", "never");
        assertThatThrownBy(() -> tx.sendCommand(Protocol.Command.FLUSHDB, new String[0]))
            .isInstanceOf(ProjectIsolationException.class);
        assertThatThrownBy(tx::exec)
            .isInstanceOf(ProjectIsolationException.class)
            .hasMessageContaining("transaction was discarded");
      }
      assertThat(jedis.exists("t3")).isFalse();
      assertThat(jedis.get("t1")).isEqualTo("b");
      // a transaction with WATCH on a relative key
      try (AbstractTransaction tx = jedis.transaction(false)) {
        tx.watch("t1");
        tx.multi();
        tx.set("t1", "c");
        assertThat(tx.exec()).containsExactly("OK");
      }
      assertThat(jedis.get("t1")).isEqualTo("c");
      assertThat(rawKeys()).allMatch(k -> k.startsWith(prefix));
    }
  }

  @ParameterizedTest
  @EnumSource(RedisProtocol.class)
  void pubSubChannelsAndPatternsAreTheProjectsOwn(RedisProtocol protocol) throws Exception {
    String a = UUID.randomUUID().toString();
    String b = UUID.randomUUID().toString();
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    CountDownLatch subscribed = new CountDownLatch(2);
    JedisPubSub listener =
        new JedisPubSub() {
          @Override
          public void onSubscribe(String channel, int count) {
            received.add("subscribe " + channel);
            subscribed.countDown();
          }

          @Override
          public void onPSubscribe(String pattern, int count) {
            received.add("psubscribe " + pattern);
            subscribed.countDown();
          }

          @Override
          public void onMessage(String channel, String message) {
            received.add(channel + "=" + message);
          }

          @Override
          public void onPMessage(String pattern, String channel, String message) {
            received.add(pattern + " " + channel + "=" + message);
          }
        };
    try (UnifiedJedis subscriberA = scoped(a, protocol);
        UnifiedJedis publisherA = scoped(a, protocol);
        UnifiedJedis publisherB = scoped(b, protocol)) {
      Thread thread = new Thread(() -> subscriberA.subscribe(listener, "ch"), "jedis-subscriber");
      thread.setDaemon(true);
      thread.start();
      assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("subscribe ch");
      listener.psubscribe("c*");
      assertThat(subscribed.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("psubscribe c*");
      assertThat(text(publisherA.sendCommand(Protocol.Command.PUBSUB, "CHANNELS")))
          .isEqualTo("[ch]");
      assertThat(text(publisherA.sendCommand(Protocol.Command.PUBSUB, "NUMSUB", "ch", "other")))
          .isEqualTo("[ch, 1, other, 0]");
      assertThat(publisherB.publish("ch", "for B only")).isZero();
      assertThat(publisherA.publish("ch", "for A")).isEqualTo(2);
      // A's message, published after B's, arrives on the channel and the pattern; B's never does
      assertThat(List.of(received.poll(10, TimeUnit.SECONDS), received.poll(10, TimeUnit.SECONDS)))
          .containsExactlyInAnyOrder("ch=for A", "c* ch=for A");
      assertThatThrownBy(() -> listener.subscribe("project:{" + b + "}:ch"))
          .isInstanceOf(ProjectIsolationException.class);
      listener.punsubscribe();
      listener.unsubscribe();
      thread.join(10_000);
      assertThat(thread.isAlive()).isFalse();
      assertThat(received).isEmpty();
      // the connection went back to the pool in a usable state
      assertThat(subscriberA.set("after", "ok")).isEqualTo("OK");
      assertThat(subscriberA.keys("*")).containsExactly("after");
    }
  }

  @Test
  void aScopedClientAuthenticatedAsTheProjectsAclUserWorksNormally() {
    String project = UUID.randomUUID().toString();
    ProjectKeyspace keyspace = ProjectKeyspace.of(project);
    try (UnifiedJedis admin =
        PlainJedis.client(
            new HostAndPort(redis.server().host(), redis.server().port()),
            DefaultJedisClientConfig.builder().build())) {
      RedisCommandRunner runner = RedisCommandRunner.jedis(admin);
      ProjectAcl acl = ProjectAcl.of(keyspace);
      ProjectAcl.Credentials credentials = acl.provision(runner);
      JedisClientConfig config =
          DefaultJedisClientConfig.builder()
              .user(credentials.user())
              .password(credentials.password())
              .socketTimeoutMillis(10_000)
              .build();
      try (UnifiedJedis jedis =
          keyspace.jedisPooled(
              new HostAndPort(redis.server().host(), redis.server().port()), config, null)) {
        jedis.set("k", "v");
        jedis.hset("h", "f", "v");
        try (AbstractTransaction tx = jedis.multi()) {
          tx.incr("n");
          tx.get("k");
          assertThat(tx.exec()).containsExactly(1L, "v");
        }
        assertThat(text(jedis.sendCommand(Protocol.Command.ACL, "WHOAMI")))
            .isEqualTo(credentials.user());
      }
      assertThat(ProjectCleanup.of(keyspace).count(runner)).isEqualTo(3);
      assertThat(ProjectCleanup.of(keyspace).deleteAll(runner)).isEqualTo(3);
      assertThat(ProjectCleanup.of(keyspace).count(runner)).isZero();
      acl.remove(runner);
    }
  }
}
