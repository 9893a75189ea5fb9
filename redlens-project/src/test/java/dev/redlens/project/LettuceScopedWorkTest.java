package dev.redlens.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redlens.project.rewrite.ProjectIsolationException;
import dev.redlens.testing.RedisServerExtension;
import io.lettuce.core.KeyValue;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Normal work through a scoped Lettuce connection behaves as unscoped, with keys stored under the
 * prefix.
 */
class LettuceScopedWorkTest {

  @RegisterExtension static final RedisServerExtension redis = RedisServerExtension.create();

  final String id = UUID.randomUUID().toString();
  final String prefix = "project:{" + id + "}:";
  RedisClient client;
  StatefulRedisConnection<String, String> connection;
  RedisCommands<String, String> scoped;

  @BeforeEach
  void connect() {
    io.lettuce.core.RedisURI uri = io.lettuce.core.RedisURI.create(redis.server().uri());
    uri.setTimeout(Duration.ofSeconds(10));
    client = RedisClient.create(uri);
    connection = ProjectKeyspace.of(id).connect(client);
    scoped = connection.sync();
  }

  @AfterEach
  void close() {
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }

  List<String> serverKeys() {
    List<String> keys = new ArrayList<>();
    for (Object k : (List<?>) redis.server().call("KEYS", "*")) {
      keys.add(k instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(k));
    }
    return keys;
  }

  @Test
  void stringsHashesListsSetsSortedSets() {
    assertThat(scoped.set("s", "v")).isEqualTo("OK");
    assertThat(scoped.get("s")).isEqualTo("v");
    assertThat(scoped.incr("n")).isEqualTo(1L);
    assertThat(scoped.mset(Map.of("a", "1", "b", "2"))).isEqualTo("OK");
    assertThat(scoped.mget("a", "b", "missing"))
        .containsExactly(
            KeyValue.just("a", "1"), KeyValue.just("b", "2"), KeyValue.empty("missing"));
    assertThat(scoped.hset("h", Map.of("f1", "v1", "f2", "v2"))).isEqualTo(2L);
    assertThat(scoped.hgetall("h")).isEqualTo(Map.of("f1", "v1", "f2", "v2"));
    assertThat(scoped.rpush("l", "x", "y", "z")).isEqualTo(3L);
    assertThat(scoped.lrange("l", 0, -1)).containsExactly("x", "y", "z");
    assertThat(scoped.lmove("l", "l2", io.lettuce.core.LMoveArgs.Builder.leftRight()))
        .isEqualTo("x");
    assertThat(scoped.sadd("set", "m1", "m2")).isEqualTo(2L);
    assertThat(scoped.smembers("set")).containsExactlyInAnyOrder("m1", "m2");
    assertThat(scoped.sunionstore("set2", "set")).isEqualTo(2L);
    assertThat(scoped.zadd("z", 1.0, "one", 2.0, "two")).isEqualTo(2L);
    assertThat(scoped.zrangeWithScores("z", 0, -1))
        .containsExactly(ScoredValue.just(1.0, "one"), ScoredValue.just(2.0, "two"));
    assertThat(scoped.rename("s", "s2")).isEqualTo("OK");
    assertThat(scoped.copy("s2", "s3")).isTrue();
    assertThat(scoped.exists("s2", "s3", "s")).isEqualTo(2L);
    assertThat(scoped.type("h")).isEqualTo("hash");
    assertThat(scoped.sort("l", io.lettuce.core.SortArgs.Builder.alpha()))
        .containsExactly("y", "z");
    assertThat(scoped.del("a", "b")).isEqualTo(2L);

    assertThat(serverKeys()).isNotEmpty().allSatisfy(k -> assertThat(k).startsWith(prefix));
    assertThat(scoped.keys("*"))
        .containsExactlyInAnyOrder("s2", "s3", "n", "h", "l", "l2", "set", "set2", "z");
  }

  @Test
  void keysAndScanComeBackWithoutThePrefixAndOnlyTheProjects() {
    redis.server().execute("SET", "other", "x");
    redis.server().execute("SET", "project:{" + UUID.randomUUID() + "}:k1", "x");
    for (int i = 0; i < 30; i++) {
      scoped.set("k" + i, "v");
    }
    assertThat(scoped.keys("k1*"))
        .containsExactlyInAnyOrder(
            "k1", "k10", "k11", "k12", "k13", "k14", "k15", "k16", "k17", "k18", "k19");
    List<String> scanned = new ArrayList<>();
    ScanIterator.scan(scoped, ScanArgs.Builder.limit(7)).forEachRemaining(scanned::add);
    assertThat(scanned).hasSize(30).allSatisfy(k -> assertThat(k).startsWith("k"));
    List<String> matched = new ArrayList<>();
    ScanIterator.scan(scoped, ScanArgs.Builder.matches("k2*")).forEachRemaining(matched::add);
    assertThat(matched).hasSize(11);
    assertThatThrownBy(() -> scoped.randomkey()).isInstanceOf(ProjectIsolationException.class);
    assertThatThrownBy(() -> scoped.dbsize())
        .isInstanceOf(ProjectIsolationException.class)
        .hasMessageContaining("DBSIZE");
  }

  @Test
  void streamsAndBlockingPopsReturnKeysWithoutPrefix() {
    String entry = scoped.xadd("stream", Map.of("field", "value"));
    List<StreamMessage<String, String>> read =
        scoped.xread(XReadArgs.StreamOffset.from("stream", "0"));
    assertThat(read).hasSize(1);
    assertThat(read.get(0).getStream()).isEqualTo("stream");
    assertThat(read.get(0).getId()).isEqualTo(entry);
    assertThat(read.get(0).getBody()).isEqualTo(Map.of("field", "value"));
    scoped.xgroupCreate(XReadArgs.StreamOffset.from("stream", "0"), "g");
    assertThat(
            scoped.xreadgroup(
                io.lettuce.core.Consumer.from("g", "c"),
                XReadArgs.StreamOffset.lastConsumed("stream")))
        .extracting(StreamMessage::getStream)
        .containsExactly("stream");
    scoped.rpush("queue", "job");
    KeyValue<String, String> popped = scoped.blpop(1, "empty", "queue");
    assertThat(popped).isEqualTo(KeyValue.just("queue", "job"));
    // a value that happens to begin with the prefix is a value: it comes back untouched
    scoped.rpush("queue", prefix + "value");
    assertThat(scoped.blpop(1, "queue").getValue()).isEqualTo(prefix + "value");
    assertThat(scoped.hset("h", prefix + "field", "v")).isTrue();
    assertThat(scoped.hgetall("h")).containsOnlyKeys(prefix + "field");
  }

  @Test
  void transactionsAndScripts() {
    assertThat(scoped.multi()).isEqualTo("OK");
    assertThat(scoped.set("t1", "a")).isNull();
    assertThat(scoped.incr("t2")).isNull();
    TransactionResult result = scoped.exec();
    assertThat(result.wasDiscarded()).isFalse();
    assertThat((Object) result.get(0)).isEqualTo("OK");
    assertThat((Object) result.get(1)).isEqualTo(1L);
    assertThat(scoped.get("t1")).isEqualTo("a");

    // a refused command inside MULTI throws at once and discards the transaction at EXEC
    scoped.multi();
    scoped.set("t3", "x");
    assertThatThrownBy(() -> scoped.flushdb()).isInstanceOf(ProjectIsolationException.class);
    assertThatThrownBy(() -> scoped.exec())
        .isInstanceOf(ProjectIsolationException.class)
        .hasMessageContaining("discarded");
    assertThat(scoped.exists("t3")).isZero();
    assertThat(scoped.ping()).isEqualTo("PONG");

    String script = "return redis.call('SET', KEYS[1], ARGV[1])";
    assertThat((String) scoped.eval(script, ScriptOutputType.STATUS, new String[] {"e"}, "v"))
        .isEqualTo("OK");
    assertThat(scoped.get("e")).isEqualTo("v");
    String sha = scoped.scriptLoad("return redis.call('GET', KEYS[1])");
    assertThat((String) scoped.evalsha(sha, ScriptOutputType.VALUE, "e")).isEqualTo("v");
    assertThat(serverKeys()).allSatisfy(k -> assertThat(k).startsWith(prefix));
  }

  @Test
  void pipelinesAsyncAndReactive() throws Exception {
    var async = connection.async();
    connection.setAutoFlushCommands(false);
    List<RedisFuture<?>> futures = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      futures.add(async.set("p" + i, "v" + i));
    }
    RedisFuture<String> refused = async.flushall();
    connection.flushCommands();
    connection.setAutoFlushCommands(true);
    assertThat(LettuceFutures.awaitAll(10, TimeUnit.SECONDS, futures.toArray(new RedisFuture[0])))
        .isTrue();
    assertThatThrownBy(() -> refused.get()).hasCauseInstanceOf(ProjectIsolationException.class);
    assertThat(async.get("p7").get()).isEqualTo("v7");
    assertThat(connection.reactive().keys("p1*").collectList().block())
        .hasSize(11)
        .allSatisfy(k -> assertThat(k).startsWith("p1"));
    assertThat(connection.reactive().get("p3").block()).isEqualTo("v3");
    assertThat(serverKeys()).hasSize(50).allSatisfy(k -> assertThat(k).startsWith(prefix));
  }

  @Test
  void binaryCodecAndDispatch() {
    StatefulRedisConnection<byte[], byte[]> bytes =
        ProjectKeyspace.of(id).connect(client, ByteArrayCodec.INSTANCE);
    try {
      byte[] key = {0, (byte) 0xff, 'k'};
      bytes.sync().set(key, new byte[] {1, 2, 3});
      assertThat(bytes.sync().get(key)).containsExactly(1, 2, 3);
      assertThat(bytes.sync().keys("*")).hasSize(1);
      assertThat(bytes.sync().keys("*").get(0)).isEqualTo(key);
      assertThatThrownBy(
              () ->
                  bytes
                      .sync()
                      .dispatch(
                          io.lettuce.core.protocol.CommandType.FLUSHDB,
                          new io.lettuce.core.output.StatusOutput<>(ByteArrayCodec.INSTANCE)))
          .isInstanceOf(ProjectIsolationException.class);
    } finally {
      bytes.close();
    }
  }

  @Test
  void pubSubWithinTheProject() throws Exception {
    StatefulRedisPubSubConnection<String, String> sub =
        ProjectKeyspace.of(id).connectPubSub(client);
    StatefulRedisPubSubConnection<String, String> other =
        ProjectKeyspace.of(UUID.randomUUID().toString()).connectPubSub(client);
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    BlockingQueue<String> subscriptions = new LinkedBlockingQueue<>();
    try {
      sub.addListener(
          new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
              received.add(channel + "=" + message);
            }

            @Override
            public void message(String pattern, String channel, String message) {
              received.add(pattern + "|" + channel + "=" + message);
            }

            @Override
            public void subscribed(String channel, long count) {
              subscriptions.add(channel);
            }
          });
      sub.sync().subscribe("news");
      sub.sync().psubscribe("n*");
      assertThat(subscriptions.poll(10, TimeUnit.SECONDS)).isEqualTo("news");
      assertThat(scoped.pubsubChannels()).containsExactly("news");
      assertThat(scoped.pubsubNumsub("news")).containsEntry("news", 1L);
      other.sync().publish("news", "from another project"); // same name, another project's channel
      assertThat(scoped.publish("news", "hello")).isEqualTo(2L); // the channel and the pattern
      assertThat(received.poll(10, TimeUnit.SECONDS)).isIn("news=hello", "n*|news=hello");
      assertThat(received.poll(10, TimeUnit.SECONDS)).isIn("news=hello", "n*|news=hello");
      assertThat(received).isEmpty(); // the other project's message, published first, never arrived
    } finally {
      sub.close();
      other.close();
    }
  }
}
