package dev.redlens.info;

import static dev.redlens.info.MetricsUnderTest.value;
import static dev.redlens.info.ServerMetricNames.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.redlens.testing.RedisServer;
import dev.redlens.testing.RedisServerExtension;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node that refuses {@code INFO}, needs a password, is killed, paused or asleep: the failure is
 * reported (last error, {@link ServerMetricNames#POLL_FAILURES}), its server metrics are absent
 * rather than zero, the polling thread survives, and polling recovers by itself once the node
 * answers again.
 */
class ServerMetricsFailureTest {
  @RegisterExtension static final RedisServerExtension redis = RedisServerExtension.create();

  private static final Duration INTERVAL = Duration.ofMillis(100);
  private static final Duration TIMEOUT = Duration.ofMillis(300);

  private MetricsUnderTest under;

  @AfterEach
  void close() {
    if (under != null) {
      under.close();
    }
    try {
      redis.server().call("ACL", "DELUSER", "monitor");
    } catch (RuntimeException e) {
      // the server may be down after a failing test; the extension restarts it
    }
  }

  @Test
  void userWithoutInfoPermissionIsReportedUntilGranted() {
    RedisServer server = redis.server();
    server.execute("ACL", "SETUSER", "monitor", "on", ">pw", "+@all", "-info");
    under =
        MetricsUnderTest.startUris(
            INTERVAL, TIMEOUT, "redis://monitor:pw@" + server.host() + ":" + server.port());

    awaitError(server, "noperm: NOPERM");
    assertAbsentButFailuresCounted(server, "noperm");
    assertThat(under.status(server).uri()).doesNotContain("pw").contains("monitor@");

    server.execute("ACL", "SETUSER", "monitor", "+info");
    awaitUp(server);
    assertThat(value(under.collect(), MEMORY_USED, server)).isPositive();
  }

  @Test
  void userWithOnlyInfoPermissionCanPoll() {
    RedisServer server = redis.server();
    server.execute("ACL", "SETUSER", "monitor", "on", ">pw", "-@all", "+info");
    server.execute("CONFIG", "RESETSTAT"); // errorstats of the earlier tests on this server
    under =
        MetricsUnderTest.startUris(
            INTERVAL, TIMEOUT, "redis://monitor:pw@" + server.host() + ":" + server.port());

    awaitUp(server);
    assertThat(value(under.collect(), MEMORY_USED, server)).isPositive();
    assertThat(under.status(server).lastSnapshot().hasSection("commandstats")).isTrue();
    // the one thing such a user cannot do is name its connection (once per connection): Lettuce
    // goes on
    assertThat(under.status(server).lastSnapshot().errorStats()).containsEntry("NOPERM", 1L);
  }

  @Test
  void userAllowedOnlySomeSectionsGetsThoseSections() {
    RedisServer server = redis.server();
    assumeTrue(
        server.binary().isAtLeast(7, 0), "ACL rules on a command's first argument need Redis 7.0+");
    server.execute(
        "ACL",
        "SETUSER",
        "monitor",
        "on",
        ">pw",
        "-@all",
        "+info|server",
        "+info|memory",
        "+info|keyspace",
        "+info|errorstats");
    server.execute("SET", "k", "v");
    under =
        MetricsUnderTest.startUris(
            INTERVAL, TIMEOUT, "redis://monitor:pw@" + server.host() + ":" + server.port());

    awaitUp(server);
    NodeStatus status = under.status(server);
    assertThat(status.lastSnapshot().sections().keySet())
        .containsExactlyInAnyOrder("server", "memory", "keyspace", "errorstats");
    assertThat(status.lastWarning())
        .startsWith("INFO everything refused (NOPERM")
        .contains("used INFO server, INFO memory, INFO keyspace, INFO errorstats")
        .contains("refused: INFO clients, persistence, stats, replication, cpu");
    CollectedMetrics collected = under.collect();
    assertThat(value(collected, MEMORY_USED, server)).isPositive();
    assertThat(value(collected, DB_KEYS, server, DB, "0")).isEqualTo(1);
    assertThat(collected.pointsOfNode(KEYSPACE_HITS, server.port()))
        .as("stats refused: absent")
        .isEmpty();
    assertThat(collected.pointsOfNode(CLIENTS_CONNECTED, server.port()))
        .as("clients refused: absent")
        .isEmpty();
  }

  @Test
  void nodeThatNeedsAPasswordIsReportedAndDoesNotHoldUpTheOthers() {
    try (RedisServer secured = RedisServer.builder().password("s3cret").start();
        RedisServer open = RedisServer.start()) {
      under = MetricsUnderTest.startUris(INTERVAL, TIMEOUT, secured.uri(), open.uri());

      awaitError(secured, "auth: NOAUTH");
      awaitUp(open);
      assertAbsentButFailuresCounted(secured, "auth");
      assertThat(value(under.collect(), MEMORY_USED, open)).isPositive();

      secured.execute("CONFIG", "SET", "requirepass", "");
      awaitUp(secured);
      assertThat(value(under.collect(), MEMORY_USED, secured)).isPositive();
    }
  }

  @Test
  void killedNodeIsReportedAndPickedUpAgainAfterRestart() {
    RedisServer server = redis.server();
    under = MetricsUnderTest.start(INTERVAL, TIMEOUT, server);
    awaitUp(server);
    Thread poller = MetricsUnderTest.pollerThread().orElseThrow();

    server.kill();
    awaitError(server, "connection: ");
    assertAbsentButFailuresCounted(server, "connection");
    assertThat(under.status(server).snapshot())
        .as("last snapshot kept for status pages")
        .isPresent();

    server.restart();
    awaitUp(server);
    assertThat(value(under.collect(), MEMORY_USED, server)).isPositive();
    assertThat(value(under.collect(), UPTIME, server)).as("the restarted process").isLessThan(60);
    assertThat(MetricsUnderTest.pollerThread())
        .as("the same thread, never replaced")
        .containsSame(poller);
  }

  @Test
  void pausedNodeTimesOutThenRecoversWithoutPilingUpConnections() {
    RedisServer server = redis.server();
    under = MetricsUnderTest.start(INTERVAL, TIMEOUT, server);
    awaitUp(server);

    server.execute("CLIENT", "PAUSE", "2500");
    awaitError(server, "timeout: ");
    assertAbsentButFailuresCounted(server, "timeout");

    awaitUp(server);
    // every timed-out connection was dropped: one polling connection is left, not one per failed
    // poll
    await().untilAsserted(() -> assertThat(pollingConnections(server)).isEqualTo(1));
  }

  @Test
  void nodeBusyInASlowCommandTimesOutThenRecovers() {
    RedisServer server = redis.server();
    under = MetricsUnderTest.start(INTERVAL, TIMEOUT, server);
    awaitUp(server);

    CompletableFuture<Object> sleeping =
        CompletableFuture.supplyAsync(() -> server.call("DEBUG", "SLEEP", "2"));
    awaitError(server, "timeout: ");
    assertAbsentButFailuresCounted(server, "timeout");
    sleeping.join();

    awaitUp(server);
    await().untilAsserted(() -> assertThat(pollingConnections(server)).isEqualTo(1));
  }

  private void awaitError(RedisServer server, String prefix) {
    await()
        .untilAsserted(
            () -> {
              NodeStatus status = under.status(server);
              assertThat(status.isUp()).isFalse();
              assertThat(status.error()).hasValueSatisfying(e -> assertThat(e).startsWith(prefix));
              assertThat(status.consecutiveFailures()).isPositive();
            });
    assertThat(MetricsUnderTest.pollerThread()).isPresent();
  }

  private void awaitUp(RedisServer server) {
    await()
        .untilAsserted(
            () -> {
              NodeStatus status = under.status(server);
              assertThat(status.isUp()).as("up; last error " + status.lastError()).isTrue();
              assertThat(status.error()).isEmpty();
            });
  }

  private void assertAbsentButFailuresCounted(RedisServer server, String errorType) {
    CollectedMetrics collected = under.collect();
    for (String name :
        new String[] {MEMORY_USED, KEYSPACE_HITS, CLIENTS_CONNECTED, SERVER_INFO, DB_KEYS}) {
      assertThat(collected.pointsOfNode(name, server.port()))
          .as(name + " of a node that does not answer")
          .isEmpty();
    }
    assertThat(value(collected, POLL_FAILURES, server, ERROR_TYPE, errorType)).isPositive();
    assertThat(under.status(server).pollFailures()).isPositive();
  }

  private static long pollingConnections(RedisServer server) {
    return Arrays.stream(server.execute("CLIENT", "LIST").split("\n"))
        .filter(line -> line.contains(" name=" + ServerMetrics.CLIENT_NAME + " "))
        .count();
  }
}
