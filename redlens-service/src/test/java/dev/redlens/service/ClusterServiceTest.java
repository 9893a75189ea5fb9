package dev.redlens.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.redlens.service.internal.validate.PrometheusText;
import dev.redlens.testing.RedisCluster;
import dev.redlens.testing.RedisClusterExtension;
import dev.redlens.testing.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole API on a Redis Cluster of 3 masters × 1 replica: the service started from {@code
 * REDIS_URL=redis-cluster://…} (two seeds), each endpoint against it, {@code validate} passing. A
 * project's keys share one slot (the hash tag of {@code project:{uuid}:}), so its commands must all
 * be served, and recorded, by the master of that slot.
 */
class ClusterServiceTest {

  @RegisterExtension static final RedisClusterExtension redis = RedisClusterExtension.create(3, 1);

  static ServiceUnderTest sut;

  @BeforeAll
  static void start() {
    List<String> uris = redis.cluster().uris();
    String seeds =
        uris.subList(0, 2).stream()
            .map(u -> u.substring("redis://".length()))
            .collect(Collectors.joining(","));
    sut = ServiceUnderTest.startWithEnv(Map.of("REDIS_URL", "redis-cluster://" + seeds));
  }

  @AfterAll
  static void stop() {
    sut.close();
  }

  private static RedisCluster cluster() {
    return redis.cluster();
  }

  /** The master of the project's slot, as the cluster itself says. */
  private static RedisServer ownerOf(String project) {
    return cluster().masterForKey("project:{" + project + "}:x");
  }

  private static JsonNode basic(String project, String operation, String prefix, int count) {
    var answer =
        sut.post(
            "/test/redis/operations/basic",
            "{\"operation\": \""
                + operation
                + "\", \"key_prefix\": \""
                + prefix
                + "\", \"count\": "
                + count
                + ", \"project_id\": \""
                + project
                + "\"}");
    assertThat(answer.status()).as(operation + ": " + answer.body()).isEqualTo(200);
    return answer.json();
  }

  private static Set<String> nodesOf(JsonNode list) {
    return StreamSupport.stream(list.spliterator(), false)
        .map(n -> n.path("node").asText())
        .collect(Collectors.toSet());
  }

  private static Set<String> everyNode() {
    return cluster().nodes().stream()
        .map(n -> n.host() + ":" + n.port())
        .collect(Collectors.toSet());
  }

  @Test
  void basicOperationsRunOnTheMasterOfTheProjectsSlotAndAreRecordedThere() {
    String project = UUID.randomUUID().toString();
    RedisServer owner = ownerOf(project);
    Map<String, Double> before = durationCountsByPort();
    JsonNode set = basic(project, "SET", "test", 40);
    assertThat(set.path("succeeded").asLong()).isEqualTo(40);
    assertThat(set.path("instrumentation").path("spans_created").asLong()).isEqualTo(40);
    JsonNode get = basic(project, "GET", "test", 40);
    assertThat(get.path("hits").asLong()).isEqualTo(40);
    assertThat(owner.execute("EXISTS", "project:{" + project + "}:test:0")).isEqualTo("1");

    // every SET and GET duration point names the node that served it: the owner of the slot (the
    // histogram carries no project by default: the tests of this class run one at a time)
    Map<String, Double> after = durationCountsByPort();
    for (RedisServer node : cluster().nodes()) {
      String port = Integer.toString(node.port());
      assertThat(after.getOrDefault(port, 0.0) - before.getOrDefault(port, 0.0))
          .as("SET and GET points on " + node)
          .isEqualTo(node.equals(owner) ? 80.0 : 0.0);
    }
  }

  /** {@code db.client.operation.duration} points of SET and GET by {@code server.port}. */
  private static Map<String, Double> durationCountsByPort() {
    return PrometheusText.parse(sut.get("/metrics").body()).samples().stream()
        .filter(s -> s.name().equals("db_client_operation_duration_seconds_count"))
        .filter(s -> Set.of("SET", "GET").contains(s.labels().get("db_operation_name")))
        .collect(
            Collectors.groupingBy(
                s -> String.valueOf(s.labels().get("server_port")),
                Collectors.summingDouble(PrometheusText.Sample::value)));
  }

  @Test
  void everyBasicOperationRuns() {
    String project = UUID.randomUUID().toString();
    for (String op : dev.redlens.service.internal.api.Operations.BASIC_OPERATIONS) {
      JsonNode json = basic(project, op, "all-" + op, 3);
      assertThat(json.path("operations_executed").asLong())
          .as(op)
          .isEqualTo(op.equals("MIXED") ? 9 : 3);
      assertThat(json.path("failed").asLong()).as(op + ": " + json).isZero();
    }
  }

  @Test
  void cachePerformanceAndLatencyCountExactly() {
    String project = UUID.randomUUID().toString();
    var cache =
        sut.post(
            "/test/redis/cache/performance",
            "{\"total_keys\": 500, \"hit_rate_target\": 0.8, \"project_id\": \"" + project + "\"}");
    assertThat(cache.status()).as(cache.body()).isEqualTo(200);
    JsonNode json = cache.json();
    assertThat(json.path("measured").path("hits").asLong()).isEqualTo(400);
    assertThat(json.path("instrumentation").path("hits").asLong()).isEqualTo(400);
    assertThat(json.path("instrumentation").path("misses").asLong()).isEqualTo(100);
    assertThat(json.path("target_met").asBoolean()).isTrue();

    var latency =
        sut.post(
            "/test/redis/latency/measurement",
            "{\"command\": \"GET\", \"iterations\": 300, \"project_id\": \"" + project + "\"}");
    assertThat(latency.status()).as(latency.body()).isEqualTo(200);
    assertThat(latency.json().path("instrumentation").path("recorded").asLong()).isEqualTo(300);
  }

  @Test
  void memoryUsageListsEveryNodeAndShowsTheProjectsMaster() {
    String project = UUID.randomUUID().toString();
    basic(project, "SET", "mem", 25);
    var answer = sut.get("/test/redis/memory/usage?project_id=" + project);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    JsonNode json = answer.json();
    assertThat(json.path("topology").asText()).isEqualTo("cluster");
    assertThat(nodesOf(json.path("nodes"))).isEqualTo(everyNode());
    Map<String, Long> roles =
        StreamSupport.stream(json.path("nodes").spliterator(), false)
            .collect(Collectors.groupingBy(n -> n.path("role").asText(), Collectors.counting()));
    assertThat(roles).isEqualTo(Map.of("master", 3L, "replica", 3L));
    json.path("nodes")
        .forEach(
            n ->
                assertThat(n.path("memory").path("used_memory").asLong())
                    .as(n.toString())
                    .isPositive());
    RedisServer owner = ownerOf(project);
    assertThat(json.path("node").asText()).isEqualTo(owner.host() + ":" + owner.port());
    assertThat(json.path("memory").path("used_memory").asLong()).isPositive();
    assertThat(json.path("project").path("keys_sampled").asLong()).isEqualTo(25);
    assertThat(json.path("project").path("memory_usage_bytes").asLong()).isPositive();
  }

  @Test
  void poolStatusAndHealthShowEveryNode() {
    var pool = sut.get("/test/redis/connection/pool/status");
    assertThat(pool.status()).as(pool.body()).isEqualTo(200);
    assertThat(pool.json().path("pool").path("max").asInt()).isEqualTo(10);
    assertThat(pool.json().path("pool").path("name").asText()).endsWith("/0");
    assertThat(nodesOf(pool.json().path("redis").path("nodes"))).isEqualTo(everyNode());

    var health = sut.get("/health");
    assertThat(health.status()).as(health.body()).isEqualTo(200);
    JsonNode r = health.json().path("parts").path("redis");
    assertThat(r.path("status").asText()).isEqualTo("up");
    assertThat(r.path("uri").asText()).startsWith("redis-cluster://");
    assertThat(nodesOf(r.path("nodes"))).isEqualTo(everyNode());
    r.path("nodes").forEach(n -> assertThat(n.path("status").asText()).isEqualTo("up"));
  }

  @Test
  void aReplicaDownIsShownWhileRedisStaysUp() {
    RedisServer replica = cluster().replicas().get(0);
    replica.kill();
    var health = sut.get("/health");
    assertThat(health.status()).as(health.body()).isEqualTo(200);
    JsonNode r = health.json().path("parts").path("redis");
    assertThat(r.path("status").asText()).isEqualTo("up");
    String down = replica.host() + ":" + replica.port();
    Set<String> downNodes = new HashSet<>();
    r.path("nodes")
        .forEach(
            n -> {
              if (!n.path("status").asText().equals("up")) {
                downNodes.add(n.path("node").asText());
                assertThat(n.path("error").asText()).contains(down);
              }
            });
    assertThat(downNodes).containsExactly(down);
  }

  @Test
  void cleanupDeletesTheProjectsKeysOnWhicheverMasterHoldsThem() {
    String project = UUID.randomUUID().toString();
    String other = UUID.randomUUID().toString();
    basic(project, "SET", "a", 30);
    basic(other, "SET", "a", 5);
    // the project's slot moves to another master; new keys follow it there
    int slot = cluster().slot("project:{" + project + "}:a:0");
    RedisServer before = ownerOf(project);
    RedisServer target =
        cluster().masters().stream().filter(m -> !m.equals(before)).findFirst().orElseThrow();
    cluster().migrateSlot(slot, target);
    basic(project, "SET", "b", 10);
    assertThat(ownerOf(project)).isEqualTo(target);

    var answer = sut.post("/test/redis/cleanup?project_id=" + project, null);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.json().path("deleted_keys").asLong()).isEqualTo(40);
    for (RedisServer master : cluster().masters()) {
      assertThat(master.call("KEYS", "project:{" + project + "}:*"))
          .as(master.toString())
          .isEqualTo(List.of());
    }
    // the other project is untouched
    assertThat(ownerOf(other).call("KEYS", "project:{" + other + "}:*")).asList().hasSize(5);
  }

  @Test
  void dashboardDataShowsEveryNodeAndTheClustersMemory() {
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              JsonNode data = sut.get("/dashboard/data").json();
              return nodesOf(data.path("nodes")).equals(everyNode())
                  && StreamSupport.stream(data.path("nodes").spliterator(), false)
                      .allMatch(n -> n.path("memory_used").asLong() > 0)
                  && StreamSupport.stream(data.path("samples").spliterator(), false)
                      .anyMatch(s -> s.path("memory_used").asLong() > 0);
            });
  }

  @Test
  void serverMetricsCoverEveryNode() {
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              PrometheusText metrics = PrometheusText.parse(sut.get("/metrics").body());
              Set<String> polled =
                  metrics.samples().stream()
                      .filter(s -> s.name().equals("redis_memory_used_bytes"))
                      .map(
                          s ->
                              s.labels().get("server_address")
                                  + ":"
                                  + s.labels().get("server_port"))
                      .collect(Collectors.toSet());
              assertThat(polled).isEqualTo(everyNode());
            });
  }

  @Test
  void validatePassesAgainstTheClusteredService(@TempDir Path dir) throws Exception {
    ValidateRun.assertPasses(sut.baseUrl, dir.resolve("report.json"));
  }
}
