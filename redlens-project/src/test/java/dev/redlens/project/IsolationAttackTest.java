package dev.redlens.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.redlens.project.rewrite.ProjectIsolationException;
import dev.redlens.testing.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.NestedMultiOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Project A attacks project B's keys and channels, through A's scoped Lettuce connection and
 * through a raw connection authenticated as A's ACL user; every attempt must fail with a clear
 * error and B's data must be byte-for-byte unchanged afterwards.
 */
class IsolationAttackTest {

  static final String A = UUID.randomUUID().toString();
  static final String B = UUID.randomUUID().toString();
  static final String BP = "project:{" + B + "}:";
  static final String AP = "project:{" + A + "}:";

  static RedisServer server;
  static RedisClient adminClient;
  static StatefulRedisConnection<String, String> admin;
  static ProjectAcl aclA;
  static ProjectAcl.Credentials credentialsA;

  @BeforeAll
  static void setUp() {
    server = RedisServer.builder().password("admin-secret").start();
    adminClient = RedisClient.create(uri(server.uriWithPassword()));
    admin = adminClient.connect();
    aclA = ProjectAcl.of(ProjectKeyspace.of(A));
    credentialsA = aclA.provision(RedisCommandRunner.lettuce(admin));
    ProjectAcl.of(ProjectKeyspace.of(B)).provision(RedisCommandRunner.lettuce(admin));

    try (StatefulRedisConnection<String, String> b = ProjectKeyspace.of(B).connect(adminClient)) {
      var s = b.sync();
      s.set("k", "secret");
      s.hset("h", Map.of("f", "v"));
      s.rpush("l", "3", "1", "2");
      s.sadd("s", "m");
      s.zadd("z", 1, "m");
      s.xadd("x", Map.of("f", "v"));
      s.set("w_1", "10");
      s.pfadd("hll", "a");
    }
    try (StatefulRedisConnection<String, String> a = ProjectKeyspace.of(A).connect(adminClient)) {
      a.sync().set("k", "mine");
      a.sync().rpush("l", "1", "2");
      a.sync().sadd("s", "x");
    }
  }

  @AfterAll
  static void tearDown() {
    admin.close();
    adminClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    server.close();
  }

  static RedisURI uri(String text) {
    RedisURI uri = RedisURI.create(text);
    uri.setTimeout(Duration.ofSeconds(10));
    return uri;
  }

  /** Every key of B with its DUMP and TTL: the byte-for-byte state to compare. */
  static Map<String, String> stateOfB() {
    Map<String, String> state = new TreeMap<>();
    try (StatefulRedisConnection<byte[], byte[]> bytes =
        adminClient.connect(io.lettuce.core.codec.ByteArrayCodec.INSTANCE)) {
      for (byte[] key : bytes.sync().keys(BP + "*")) {
        state.put(
            new String(key, StandardCharsets.UTF_8),
            Arrays.toString(bytes.sync().dump(key)) + " ttl=" + bytes.sync().pttl(key));
      }
    }
    return state;
  }

  /** The attempts, as sent; key names are B's full names (what a raw client would send). */
  static List<String[]> attempts() {
    String bk = BP + "k";
    String ak =
        AP + "k"; // on the raw connection, A's own key; on the scoped one, refused as a namespace
    // name
    List<String[]> a = new ArrayList<>();
    for (String command :
        new String[] {
          "GET " + bk,
          "SET " + bk + " stolen",
          "APPEND " + bk + " x",
          "GETDEL " + bk,
          "DEL " + bk,
          "UNLINK " + bk,
          "EXISTS " + bk,
          "TYPE " + bk,
          "STRLEN " + bk,
          "EXPIRE " + bk + " 1",
          "PERSIST " + bk,
          "TOUCH " + bk,
          "DUMP " + bk,
          "RESTORE " + bk + " 0 payload REPLACE",
          "OBJECT ENCODING " + bk,
          "MEMORY USAGE " + bk,
          "HGETALL " + BP + "h",
          "HSET " + BP + "h f stolen",
          "LRANGE " + BP + "l 0 -1",
          "LPUSH " + BP + "l x",
          "LMOVE " + BP + "l " + ak + " LEFT LEFT",
          "SMEMBERS " + BP + "s",
          "SADD " + BP + "s x",
          "SUNIONSTORE " + ak + " " + BP + "s",
          "ZRANGE " + BP + "z 0 -1",
          "ZADD " + BP + "z 2 x",
          "XRANGE " + BP + "x - +",
          "XADD " + BP + "x * f v",
          "XREAD STREAMS " + BP + "x 0",
          "PFCOUNT " + BP + "hll",
          "MGET " + ak + " " + bk,
          "MSET " + ak + " v " + bk + " v",
          "BITOP AND " + ak + " " + bk,
          "RENAME " + ak + " " + bk,
          "RENAME " + bk + " " + ak,
          "COPY " + ak + " " + bk + " REPLACE",
          "COPY " + bk + " " + ak,
          "WATCH " + bk,
          "SORT " + ak.replace(":k", ":l") + " BY " + BP + "w_*",
          "SORT " + ak.replace(":k", ":l") + " GET " + BP + "w_*",
          "KEYS " + BP + "*",
          "KEYS *",
          "SCAN 0 MATCH " + BP + "*",
          "RANDOMKEY",
          "DBSIZE",
          "SELECT 1",
          "SWAPDB 0 1",
          "MOVE " + ak + " 1",
          "FLUSHDB",
          "FLUSHALL",
          "MIGRATE 127.0.0.1 1 " + bk + " 0 1000",
          "CONFIG SET maxmemory 1",
          "DEBUG OBJECT " + bk,
          "CLIENT LIST",
          "INFO keyspace",
          "PUBLISH " + BP + "ch stolen",
          "PUBSUB CHANNELS *",
          "NOTACOMMAND " + bk,
          "FOO.BAR " + bk,
        }) {
      a.add(command.split(" "));
    }
    a.add(new String[] {"EVAL", "return redis.call('GET', '" + bk + "')", "0"});
    a.add(new String[] {"EVAL", "return redis.call('GET', ARGV[1])", "0", bk});
    a.add(new String[] {"EVAL", "return redis.call('GET', KEYS[1])", "1", bk});
    a.add(new String[] {"EVAL", "return redis.call('DEL', KEYS[1]..ARGV[1])", "1", BP, "k"});
    return a;
  }

  static Object send(StatefulRedisConnection<String, String> connection, String[] command) {
    ProtocolKeyword type =
        new ProtocolKeyword() {
          @Override
          public byte[] getBytes() {
            return command[0].getBytes(StandardCharsets.UTF_8);
          }

          @Override
          public String toString() {
            return command[0];
          }
        };
    CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8);
    for (int i = 1; i < command.length; i++) {
      args.add(command[i]);
    }
    return connection.sync().dispatch(type, new NestedMultiOutput<>(StringCodec.UTF8), args);
  }

  @Test
  void everyAttemptOfAFailsWithAClearErrorAndBIsUnchanged() {
    Map<String, String> before = stateOfB();
    assertThat(before).hasSize(8);
    List<String[]> attempts = attempts();
    assertThat(attempts).hasSizeGreaterThanOrEqualTo(40);

    RedisClient client = RedisClient.create(uri(server.uri()));
    RedisURI asA = uri(server.uri());
    asA.setCredentialsProvider(
        io.lettuce.core.RedisCredentialsProvider.from(
            () ->
                io.lettuce.core.RedisCredentials.just(
                    credentialsA.user(), credentialsA.password())));
    try (StatefulRedisConnection<String, String> scoped =
            ProjectKeyspace.of(A).connect(RedisClient.create(uri(server.uriWithPassword())));
        StatefulRedisConnection<String, String> raw = client.connect(asA)) {
      assertThat(raw.sync().aclWhoami()).isEqualTo(credentialsA.user());
      assertThat(raw.sync().get(AP + "k")).isEqualTo("mine"); // A's own key is fine

      List<String> failures = new ArrayList<>();
      for (String[] attempt : attempts) {
        String shown = String.join(" ", attempt);
        if (shown.equals("KEYS *") || shown.equals("PUBSUB CHANNELS *")) {
          // no name of B is given: confined rather than refused, the reply holds only A's names (a
          // reply decoded
          // by an output of the caller's own codec keeps the prefix; the typed API strips it,
          // below)
          assertThat(String.valueOf(send(scoped, attempt))).doesNotContain(B);
        } else {
          Throwable scopedError = catchThrowable(() -> send(scoped, attempt));
          if (!(scopedError instanceof ProjectIsolationException)
              || !scopedError.getMessage().contains("refused")) {
            failures.add("scoped: " + shown + " -> " + scopedError);
          }
        }
        Throwable rawError = catchThrowable(() -> send(raw, attempt));
        if (!(rawError instanceof RedisException)
            || rawError.getMessage() == null
            || !rawError
                .getMessage()
                .matches("(?is).*(NOPERM|no permissions|denied|can't access|unknown command).*")) {
          failures.add("raw ACL user: " + shown + " -> " + rawError);
        }
      }
      assertThat(failures).isEmpty();
      // the typed API cannot escape either
      assertThatThrownBy(() -> scoped.sync().flushall())
          .isInstanceOf(ProjectIsolationException.class);
      assertThat(scoped.sync().keys("*"))
          .containsExactlyInAnyOrder("k", "l", "s"); // only A's, unprefixed
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
    assertThat(stateOfB()).isEqualTo(before);
  }

  @Test
  void pubSubCannotCrossProjects() throws Exception {
    RedisClient client = RedisClient.create(uri(server.uriWithPassword()));
    RedisURI asA = uri(server.uri());
    asA.setCredentialsProvider(
        io.lettuce.core.RedisCredentialsProvider.from(
            () ->
                io.lettuce.core.RedisCredentials.just(
                    credentialsA.user(), credentialsA.password())));
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    try (StatefulRedisPubSubConnection<String, String> subA =
            ProjectKeyspace.of(A).connectPubSub(client);
        StatefulRedisPubSubConnection<String, String> rawA = client.connectPubSub(asA);
        StatefulRedisConnection<String, String> b = ProjectKeyspace.of(B).connect(client);
        StatefulRedisConnection<String, String> a = ProjectKeyspace.of(A).connect(client)) {
      subA.addListener(
          new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
              received.add(channel + "=" + message);
            }

            @Override
            public void message(String pattern, String channel, String message) {
              received.add(channel + "=" + message);
            }
          });
      assertThatThrownBy(() -> subA.sync().subscribe(BP + "ch"))
          .isInstanceOf(ProjectIsolationException.class);
      assertThatThrownBy(() -> subA.sync().psubscribe(BP + "*"))
          .isInstanceOf(ProjectIsolationException.class);
      subA.sync().subscribe("ch");
      subA.sync().psubscribe("*");
      assertThatThrownBy(() -> rawA.sync().subscribe(BP + "ch")).hasMessageContaining("NOPERM");
      assertThatThrownBy(() -> rawA.sync().psubscribe("*")).hasMessageContaining("NOPERM");
      assertThatThrownBy(() -> rawA.sync().publish(BP + "ch", "x")).hasMessageContaining("NOPERM");
      b.sync().publish("ch", "for B only");
      a.sync().publish("ch", "for A");
      // A's own message, published after B's, arrives (twice: channel and pattern); B's never does
      assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("ch=for A");
      assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("ch=for A");
      assertThat(received).isEmpty();
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }
}
