package dev.redlens.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.redlens.service.internal.validate.PrometheusText;
import dev.redlens.testing.RedisSentinel;
import dev.redlens.testing.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API behind Sentinel: the service started from {@code REDIS_URL=redis-sentinel://…#mymaster}
 * (Lettuce's form) works on the master the sentinels name, shows the master and its replica,
 * follows a {@code SENTINEL FAILOVER} and a killed master to the new master, and {@code validate}
 * passes. Each test asks the fixture for the master of the moment, so the order of the tests does
 * not matter.
 */
class SentinelServiceTest {

  /**
   * How long the sentinel waits before it calls a silent master down and fails over (its {@code
   * down-after-milliseconds}): short, so that a killed master is replaced within a few seconds; not
   * shorter, so that a loaded machine's pauses are not taken for a failure.
   */
  static final Duration DOWN_AFTER = Duration.ofSeconds(1);

  static RedisSentinel sentinel;
  static ServiceUnderTest sut;

  @BeforeAll
  static void start() {
    sentinel = RedisSentinel.builder().replicas(1).sentinels(1).downAfter(DOWN_AFTER).start();
    try {
      sut = ServiceUnderTest.startWithEnv(Map.of("REDIS_URL", sentinel.uri()));
    } catch (RuntimeException e) {
      sentinel.close();
      throw e;
    }
  }

  @AfterAll
  static void stop() {
    try {
      sut.close();
    } finally {
      sentinel.close();
    }
  }

  private static String address(RedisServer node) {
    return node.host() + ":" + node.port();
  }

  private static Set<String> nodesOf(JsonNode list) {
    return StreamSupport.stream(list.spliterator(), false)
        .map(n -> n.path("node").asText() + " " + n.path("role").asText())
        .collect(Collectors.toSet());
  }

  private static Set<String> expectedNodes() {
    return Set.of(
        address(sentinel.master()) + " master", address(sentinel.replicas().get(0)) + " replica");
  }

  @Test
  void operationsRunOnTheMasterTheSentinelsName() {
    String project = UUID.randomUUID().toString();
    RedisServer master = sentinel.master();
    double before = pointsOn("SET", master);
    var answer =
        sut.post(
            "/test/redis/operations/basic",
            "{\"operation\": \"SET\", \"count\": 30, \"project_id\": \"" + project + "\"}");
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.json().path("instrumentation").path("spans_created").asLong()).isEqualTo(30);
    assertThat(sentinel.master().execute("EXISTS", "project:{" + project + "}:test:0"))
        .isEqualTo("1");
    // recorded on the master, not on a sentinel or a default address
    assertThat(pointsOn("SET", master) - before).isEqualTo(30.0);

    var cleanup = sut.post("/test/redis/cleanup?project_id=" + project, null);
    assertThat(cleanup.status()).as(cleanup.body()).isEqualTo(200);
    assertThat(cleanup.json().path("deleted_keys").asLong()).isEqualTo(30);
  }

  @Test
  void memoryHealthAndPoolShowTheMasterAndItsReplica() {
    var memory = sut.get("/test/redis/memory/usage");
    assertThat(memory.status()).as(memory.body()).isEqualTo(200);
    assertThat(memory.json().path("topology").asText()).isEqualTo("sentinel");
    assertThat(memory.json().path("node").asText()).isEqualTo(address(sentinel.master()));
    assertThat(nodesOf(memory.json().path("nodes"))).isEqualTo(expectedNodes());

    var health = sut.get("/health");
    assertThat(health.status()).as(health.body()).isEqualTo(200);
    JsonNode redis = health.json().path("parts").path("redis");
    assertThat(redis.path("uri").asText()).isEqualTo(sentinel.uri());
    assertThat(nodesOf(redis.path("nodes"))).isEqualTo(expectedNodes());

    var pool = sut.get("/test/redis/connection/pool/status");
    assertThat(pool.status()).as(pool.body()).isEqualTo(200);
    assertThat(pool.json().path("pool").path("name").asText()).startsWith("mymaster@");
    assertThat(nodesOf(pool.json().path("redis").path("nodes"))).isEqualTo(expectedNodes());
  }

  /**
   * A {@code SENTINEL FAILOVER} under the running service: the requests that follow succeed, run on
   * the promoted master and are recorded there (never on the old master, now a replica), and what
   * the old master had replicated before it went is read back through the service.
   */
  @Test
  void aFailoverMovesTheServiceToTheNewMaster() {
    String project = UUID.randomUUID().toString();
    RedisServer before = sentinel.master();
    RedisServer replica = sentinel.replicas().get(0);
    double[] start = {pointsOn("SET", before), pointsOn("SET", replica)};
    writeUntilReplicated(project, replica);
    assertThat(pointsOn("SET", before) - start[0]).isEqualTo(20.0);
    assertThat(pointsOn("SET", replica) - start[1]).isZero();

    RedisServer after = sentinel.failover();
    assertThat(after).isEqualTo(replica);
    // while it reconnects, a request may be refused (503) or see its writes refused by the old
    // master, now a replica; never a 500, and not for long
    awaitServiceBack(project);
    assertServedOnlyBy(after, before, project);
  }

  /**
   * The master killed (SIGKILL), not handed over: the sentinel finds it down after {@code
   * down-after-milliseconds} ({@link #DOWN_AFTER}), promotes the replica, and the service's
   * requests succeed again on the promoted master within a bounded wait (a 503 meanwhile, never a
   * 500), recorded with the promoted master's address and port and none with the dead one's; what
   * the replica had before is read back. The killed node comes back as a replica of the new master
   * afterwards, so the class's other tests find a master and a replica whatever the order.
   */
  @Test
  void aKilledMasterIsReplacedAndTheServiceFollows() {
    String project = UUID.randomUUID().toString();
    RedisServer before = sentinel.master();
    RedisServer replica = sentinel.replicas().get(0);
    writeUntilReplicated(project, replica);
    try {
      RedisServer after = sentinel.killMaster();
      assertThat(after).isEqualTo(replica);
      awaitServiceBack(project);
      assertServedOnlyBy(after, before, project);
    } finally {
      sentinel.restartKilledNodes();
    }
  }

  /**
   * Writes {@code before:0-19} through the service and waits until the replica has them
   * (replication is asynchronous: what survives a failover is what the replica had when it came).
   */
  private static void writeUntilReplicated(String project, RedisServer replica) {
    assertAllSucceed(basic(project, "SET", "before", 20), 20);
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> replica.execute(keysOf(project, "before", 20)).equals("20"));
  }

  /** Probes until a write through the service succeeds again; a 503 meanwhile, never a 500. */
  private static void awaitServiceBack(String project) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              var probe = basicRequest(project, "SET", "probe", 1);
              assertThat(probe.status()).as(probe.body()).isIn(200, 503);
              return probe.status() == 200 && probe.json().path("succeeded").asLong() == 1;
            });
  }

  /**
   * After a failover from {@code old} to {@code now}: writes and reads through the service run on
   * {@code now} and are recorded with its address and port, none with {@code old}'s; the keys
   * written before are read back; memory and cleanup work on {@code now}.
   */
  private static void assertServedOnlyBy(RedisServer now, RedisServer old, String project) {
    double[] sets = {pointsOn("SET", old), pointsOn("SET", now)};
    assertAllSucceed(basic(project, "SET", "after", 20), 20);
    assertThat(pointsOn("SET", now) - sets[1]).isEqualTo(20.0);
    assertThat(pointsOn("SET", old) - sets[0]).isZero();
    assertThat(now.execute(keysOf(project, "after", 20))).isEqualTo("20");

    // nothing lost: the keys written before the failover are read on the new master
    double[] gets = {pointsOn("GET", old), pointsOn("GET", now)};
    JsonNode read = basic(project, "GET", "before", 20);
    assertAllSucceed(read, 20);
    assertThat(read.path("hits").asLong()).as(read.toString()).isEqualTo(20);
    assertThat(pointsOn("GET", now) - gets[1]).isEqualTo(20.0);
    assertThat(pointsOn("GET", old) - gets[0]).isZero();

    var memory = sut.get("/test/redis/memory/usage?project_id=" + project);
    assertThat(memory.status()).as(memory.body()).isEqualTo(200);
    assertThat(memory.json().path("node").asText()).isEqualTo(address(now));
    var cleanup = sut.post("/test/redis/cleanup?project_id=" + project, null);
    assertThat(cleanup.status()).as(cleanup.body()).isEqualTo(200);
    // before:0-19, after:0-19 and probe:0
    assertThat(cleanup.json().path("deleted_keys").asLong()).isEqualTo(41);
  }

  /** Duration points of {@code operation} recorded with {@code node}'s address and port. */
  private static double pointsOn(String operation, RedisServer node) {
    return PrometheusText.parse(sut.get("/metrics").body())
        .sum(
            "db_client_operation_duration_seconds_count",
            Map.of(
                "db_operation_name",
                operation,
                "server_address",
                node.host(),
                "server_port",
                Integer.toString(node.port())));
  }

  private static ServiceUnderTest.Answer basicRequest(
      String project, String operation, String prefix, int count) {
    return sut.post(
        "/test/redis/operations/basic",
        String.format(
            "{\"operation\": \"%s\", \"key_prefix\": \"%s\", \"count\": %d,"
                + " \"project_id\": \"%s\"}",
            operation, prefix, count, project));
  }

  private static JsonNode basic(String project, String operation, String prefix, int count) {
    var answer = basicRequest(project, operation, prefix, count);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return answer.json();
  }

  private static void assertAllSucceed(JsonNode answer, int count) {
    assertThat(answer.path("succeeded").asLong()).as(answer.toString()).isEqualTo(count);
    assertThat(answer.path("failed").asLong()).as(answer.toString()).isZero();
    assertThat(answer.path("instrumentation").path("spans_created").asLong())
        .as(answer.toString())
        .isEqualTo(count);
  }

  /** {@code EXISTS} of the {@code count} keys the basic endpoint writes under {@code prefix}. */
  private static String[] keysOf(String project, String prefix, int count) {
    String[] command = new String[count + 1];
    command[0] = "EXISTS";
    for (int i = 0; i < count; i++) {
      command[i + 1] = "project:{" + project + "}:" + prefix + ":" + i;
    }
    return command;
  }

  @Test
  void validatePasses(@TempDir Path dir) throws Exception {
    ValidateRun.assertPasses(sut.baseUrl, dir.resolve("report.json"));
  }
}
