package dev.redlens.service.internal.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.core.RedlensSemconv;
import dev.redlens.project.ProjectKeyspace;
import dev.redlens.testing.InMemoryTelemetry;
import dev.redlens.testing.RedisSentinel;
import dev.redlens.testing.RedisServer;
import dev.redlens.testing.SentinelNode;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link SentinelWatch} and the pool's switch against a real master, replica and sentinel (started
 * once for the class; each test asks the fixture for the master of the moment): a failover that the
 * sentinel announces is followed without waiting for the poll, a lost subscription is made again,
 * and the switch takes every pooled connection out of the pool, borrowed ones included, with one
 * log line and no Lettuce warning.
 */
class SentinelWatchTest {

  private static final Duration NEVER = Duration.ofHours(1);
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String ALREADY_CLOSED = "Connection is already closed";
  private static final String FAILOVER_LINE = "Sentinel failover: the master is now";
  private static final Pattern TAKEN = Pattern.compile("; (\\d+) pooled connections closed");

  static RedisSentinel sentinel;
  static RedisClient client;

  @BeforeAll
  static void start() {
    sentinel = RedisSentinel.builder().replicas(1).sentinels(1).start();
    client = RedisClient.create();
    client.setOptions(ClientOptions.builder().autoReconnect(false).build());
  }

  @AfterAll
  static void stop() {
    try {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    } finally {
      sentinel.close();
    }
  }

  /** A watch of the fixture's master, asking the sentinel through {@code admin}. */
  private static SentinelWatch watch(
      AdminNodes admin, ToIntFunction<String> switched, Duration period) {
    return new SentinelWatch(
        client, RedisTopology.parse(sentinel.uri()).uri(), admin::sentinelMaster, switched, period);
  }

  private static String address(RedisServer node) {
    return node.host() + ":" + node.port();
  }

  /**
   * The poll is an hour away (after the first look at the start), so only the sentinel's
   * announcement can have woken the watch.
   */
  @Test
  void anAnnouncedFailoverIsFollowedWithoutWaitingForThePoll() {
    RedisTopology topology = RedisTopology.parse(sentinel.uri());
    List<String> switches = new CopyOnWriteArrayList<>();
    try (AdminNodes admin = new AdminNodes(topology, client, null);
        SentinelWatch watch =
            watch(
                admin,
                master -> {
                  switches.add(master);
                  return 0;
                },
                NEVER)) {
      Awaitility.await().atMost(WAIT).until(() -> watch.subscribed() == 1 && watch.known() != null);
      assertThat(watch.known()).isEqualTo(address(sentinel.master()));

      RedisServer promoted = sentinel.failover();

      Awaitility.await().atMost(WAIT).until(() -> !switches.isEmpty());
      assertThat(switches).containsExactly(address(promoted));
      assertThat(watch.known()).isEqualTo(address(promoted));
    }
  }

  /** A subscription cut by the sentinel (as a restart would) is made again by the next tick. */
  @Test
  void aLostSubscriptionIsMadeAgain() {
    RedisTopology topology = RedisTopology.parse(sentinel.uri());
    SentinelNode node = sentinel.sentinels().get(0);
    try (AdminNodes admin = new AdminNodes(topology, client, null);
        SentinelWatch watch = watch(admin, master -> 0, Duration.ofMillis(200))) {
      Awaitility.await().atMost(WAIT).until(() -> subscribers(node).size() == 1);
      Set<String> first = subscribers(node);

      node.call("CLIENT", "KILL", "TYPE", "pubsub");

      Awaitility.await()
          .atMost(WAIT)
          .until(() -> subscribers(node).size() == 1 && !subscribers(node).equals(first));
      Awaitility.await().atMost(WAIT).until(() -> watch.subscribed() == 1);
    }
  }

  /** The ids of the sentinel's clients subscribed to channels ({@code id=… sub=2 …}). */
  private static Set<String> subscribers(SentinelNode node) {
    String list = String.valueOf(node.call("CLIENT", "LIST", "TYPE", "pubsub"));
    return list.lines()
        .filter(line -> line.contains(" sub=") && !line.contains(" sub=0 "))
        .map(line -> line.substring(0, line.indexOf(' ')))
        .collect(Collectors.toSet());
  }

  /**
   * Three pooled connections, one of them borrowed by a request that is between two commands when
   * the master changes: the two idle ones are closed at once, the borrowed one too, so that the
   * request's next command fails (503) instead of writing to the old master, and giving it back
   * after that is not an error. The failover is logged once, and Lettuce does not warn about
   * closing a closed connection (it did once per connection when the watch closed them and the pool
   * closed them again). Commands that follow run on the new master.
   */
  @Test
  void aFailoverTakesEveryPooledConnectionOutWithOneLogLine() throws Exception {
    InMemoryTelemetry otel = new InMemoryTelemetry();
    RedisTelemetry telemetry = RedisTelemetry.create(otel.openTelemetry());
    ExecutorService requests = Executors.newFixedThreadPool(3);
    RedisConnector connector =
        new RedisConnector(
            sentinel.uri(), telemetry, 3, Duration.ofSeconds(2), Duration.ofSeconds(5));
    try (StandardError err = StandardError.capture()) {
      ProjectKeyspace project = connector.keyspace(UUID.randomUUID());
      RedisServer before = sentinel.master();
      fillThePool(connector, project, requests, 3);
      assertThat(connector.pool().snapshot().idle()).isEqualTo(3);

      CountDownLatch between = new CountDownLatch(1);
      CountDownLatch failedOver = new CountDownLatch(1);
      CompletableFuture<String> held =
          CompletableFuture.supplyAsync(
              () ->
                  connector.withProjectCommands(
                      project,
                      commands -> {
                        commands.set("held:before", "1");
                        between.countDown();
                        await(failedOver);
                        return commands.set("held:after", "1");
                      }),
              requests);
      assertThat(between.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

      RedisServer promoted = sentinel.failover();
      assertThat(promoted).isNotEqualTo(before);
      String key = "project:{" + project.projectId() + "}:after";
      Awaitility.await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(50))
          .ignoreExceptions()
          .until(
              () -> {
                connector.withProjectCommands(project, commands -> commands.set("after", "1"));
                return promoted.execute("EXISTS", key).equals("1");
              });
      failedOver.countDown();

      assertThat(held)
          .failsWithin(WAIT)
          .withThrowableOfType(java.util.concurrent.ExecutionException.class)
          .withCauseInstanceOf(RedisUnavailableException.class);
      assertThat(promoted.execute("EXISTS", "project:{" + project.projectId() + "}:held:after"))
          .isEqualTo("0");
      String log = err.text();
      List<String> failovers = log.lines().filter(line -> line.contains(FAILOVER_LINE)).toList();
      assertThat(failovers).as(log).hasSize(1);
      // the three made before; a new one made while the switch ran may be counted too
      Matcher taken = TAKEN.matcher(failovers.get(0));
      assertThat(taken.find()).as(failovers.get(0)).isTrue();
      assertThat(Integer.parseInt(taken.group(1))).isGreaterThanOrEqualTo(3);
      assertThat(log).doesNotContain(ALREADY_CLOSED);
      // the subscription's own command: recorded as administrative work, on the sentinel
      assertThat(otel.spans("SUBSCRIBE"))
          .map(span -> span.getAttributes().get(RedlensSemconv.SERVER_PORT))
          .contains((long) sentinel.sentinels().get(0).port());
    } finally {
      requests.shutdownNow();
      connector.close();
      telemetry.close();
      otel.close();
    }
  }

  /** Makes {@code count} pooled connections: as many requests at once, each waiting for all. */
  private static void fillThePool(
      RedisConnector connector, ProjectKeyspace project, ExecutorService threads, int count) {
    CountDownLatch together = new CountDownLatch(count);
    List<CompletableFuture<String>> all = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      all.add(
          CompletableFuture.supplyAsync(
              () ->
                  connector.withProjectCommands(
                      project,
                      commands -> {
                        together.countDown();
                        await(together);
                        return commands.ping();
                      }),
              threads));
    }
    all.forEach(CompletableFuture::join);
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
        throw new IllegalStateException("not released in " + WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
