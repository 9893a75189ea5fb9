package dev.redlens.project;

import static dev.redlens.core.RedlensSemconv.ERROR_TYPE;
import static dev.redlens.core.RedlensSemconv.REDIRECTION_ASK;
import static dev.redlens.core.RedlensSemconv.REDIRECTION_MOVED;
import static dev.redlens.core.RedlensSemconv.REDLENS_PROJECT_ID;
import static dev.redlens.core.RedlensSemconv.SERVER_PORT;
import static dev.redlens.project.JedisIsolationAttackTest.arguments;
import static dev.redlens.project.JedisIsolationAttackTest.command;
import static dev.redlens.project.JedisIsolationAttackTest.confined;
import static dev.redlens.project.JedisIsolationAttackTest.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.redlens.conformance.drivers.JedisClientDriver;
import dev.redlens.core.RedisTelemetry;
import dev.redlens.project.rewrite.ProjectIsolationException;
import dev.redlens.testing.InMemoryTelemetry;
import dev.redlens.testing.RedisCluster;
import dev.redlens.testing.RedisClusterExtension;
import dev.redlens.testing.RedisServer;
import dev.redlens.testing.SlotMigration;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;

/**
 * Project isolation on a Redis Cluster through Jedis: {@link ProjectKeyspace#jedisCluster} sends
 * every command of a project (plain, pipelined, in a transaction) to the master of its one slot,
 * whatever the caller's unprefixed keys would hash to, follows redirections and failovers, refuses
 * the escapes of {@link IsolationAttackTest} as the one-node client does ({@link
 * JedisIsolationAttackTest}), and {@link ProjectCleanup} cleans every master.
 */
@Tag("cluster")
class JedisClusterProjectTest {

  @RegisterExtension static final RedisClusterExtension redis = RedisClusterExtension.create(3, 1);

  static final String A = IsolationAttackTest.A;
  static final String B = IsolationAttackTest.B;

  private final InMemoryTelemetry otel = new InMemoryTelemetry();
  private RedisTelemetry telemetry;
  private final List<AutoCloseable> clients = new ArrayList<>();

  @BeforeEach
  void telemetry() {
    telemetry = RedisTelemetry.create(otel.openTelemetry());
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable client : clients) {
      client.close();
    }
    telemetry.close();
    otel.close();
  }

  private static Set<HostAndPort> seeds() {
    return redis.cluster().masters().stream()
        .map(m -> new HostAndPort(m.host(), m.port()))
        .collect(Collectors.toSet());
  }

  private static JedisClientConfig config() {
    return DefaultJedisClientConfig.builder().socketTimeoutMillis(5_000).build();
  }

  private UnifiedJedis connect(String project) {
    UnifiedJedis client =
        ProjectKeyspace.of(project).withTelemetry(telemetry).jedisCluster(seeds(), config(), null);
    clients.add(client);
    return client;
  }

  private static RedisServer ownerOf(String project) {
    return redis.cluster().masterForKey(ProjectKeyspace.of(project).keyPrefix() + "k");
  }

  @Test
  void aProjectsCommandsGoToTheNodeOfItsSlotOneSpanEachWithTheProject() {
    RedisCluster cluster = redis.cluster();
    String prefix = ProjectKeyspace.of(A).keyPrefix();
    RedisServer owner = ownerOf(A);
    // the caller's keys hash all over the cluster: routed by them, most would go elsewhere
    assertThat(cluster.masterForKey("k1")).isNotEqualTo(cluster.masterForKey("k2"));
    UnifiedJedis a = connect(A);
    for (int i = 0; i < 50; i++) {
      a.set("k" + i, "v" + i);
    }
    // multi-key commands, scripts, pipelines and transactions work as on one node
    assertThat(a.mget("k1", "k2")).containsExactly("v1", "v2");
    assertThat(a.del("k0", "k1")).isEqualTo(2);
    assertThat(a.eval("return redis.call('GET', KEYS[1])", List.of("k2"), List.of()))
        .isEqualTo("v2");
    try (AbstractPipeline pipeline = JedisClientDriver.openPipeline(a)) {
      Response<String> set = pipeline.set("p", "1");
      Response<Long> incr = pipeline.incr("p");
      pipeline.sync();
      assertThat(set.get()).isEqualTo("OK");
      assertThat(incr.get()).isEqualTo(2);
    }
    try (AbstractTransaction tx = a.multi()) {
      tx.incr("p");
      tx.rename("p", "q");
      assertThat(tx.exec()).containsExactly(3L, "OK");
    }
    // listing goes to the slot's master, which holds every key of the project, unprefixed
    assertThat(a.keys("*")).hasSize(49).contains("k2", "q").doesNotContain("k0", "p");
    assertThat(a.scan("0", new ScanParams().count(1000)).getResult()).hasSize(49);
    // refused as on one node (it would count every project's keys)
    assertThatThrownBy(a::dbSize).isInstanceOf(ProjectIsolationException.class);

    // the server: every key on the owner, in the namespace
    assertThat(owner.call("DBSIZE")).isEqualTo(49L);
    assertThat(owner.call("EXISTS", prefix + "k2")).isEqualTo(1L);
    cluster.masters().stream()
        .filter(m -> !m.equals(owner))
        .forEach(m -> assertThat(m.call("DBSIZE")).isEqualTo(0L));

    List<SpanData> spans = otel.finishedSpans();
    assertThat(otel.spans("SET")).hasSize(51); // and the pipeline's
    assertThat(otel.spans("MULTI")).hasSize(1);
    assertThat(spans)
        .allSatisfy(span -> assertThat(span.getAttributes().get(REDLENS_PROJECT_ID)).isEqualTo(A));
    assertThat(spans.stream().filter(s -> !"DBSIZE".equals(s.getName())))
        .allSatisfy(
            span ->
                assertThat(span.getAttributes().get(SERVER_PORT))
                    .as(span.getName())
                    .isEqualTo((long) owner.port()));
    assertThat(otel.span("DBSIZE").getAttributes().get(ERROR_TYPE)).isNotNull();
  }

  @Test
  void everyEscapeOfTheAttackSuiteIsRefusedOnAClusterAndBIsUnchanged() {
    UnifiedJedis b = connect(B);
    b.set("k", "secret");
    b.rpush("l", "3", "1", "2");
    b.sadd("s", "m");
    b.hset("h", Map.of("f", "v"));
    Map<String, String> before = stateOf(B);
    assertThat(before).hasSize(4);

    UnifiedJedis a = connect(A);
    a.set("k", "mine");
    a.rpush("l", "1", "2");
    List<String> failures = new ArrayList<>();
    int refusals = 0;
    for (String[] attempt : IsolationAttackTest.attempts()) {
      String shown = String.join(" ", attempt);
      if (confined(attempt)) {
        Object reply = a.sendCommand(command(attempt), arguments(attempt));
        if (render(reply).contains(B)) {
          failures.add("confined: " + shown + " -> " + render(reply));
        }
        continue;
      }
      failures.addAll(JedisIsolationAttackTest.attack(a, attempt));
      refusals++;
    }
    assertThat(failures).isEmpty();
    assertThat(refusals).isGreaterThanOrEqualTo(40);
    assertThatThrownBy(a::flushAll).isInstanceOf(ProjectIsolationException.class);
    assertThatThrownBy(() -> a.get(IsolationAttackTest.BP + "k"))
        .isInstanceOf(ProjectIsolationException.class);
    assertThat(a.keys("*")).containsExactlyInAnyOrder("k", "l");
    assertThat(a.get("k")).isEqualTo("mine");
    assertThat(stateOf(B)).isEqualTo(before);
  }

  @Test
  void aMovedSlotIsFollowedAsOneOperationOnItsNewMaster() {
    RedisCluster cluster = redis.cluster();
    RedisServer source = ownerOf(A);
    RedisServer target = otherMaster(source);
    UnifiedJedis a = connect(A);
    a.set("k", "v");
    cluster.migrateSlot(cluster.slot(ProjectKeyspace.of(A).keyPrefix()), target);
    otel.reset();
    for (int i = 0; i < 5; i++) {
      assertThat(a.get("k")).isEqualTo("v");
    }
    // the slot cache was refreshed by the redirection: pipelines and listings follow it too
    try (AbstractPipeline pipeline = JedisClientDriver.openPipeline(a)) {
      Response<String> get = pipeline.get("k");
      pipeline.sync();
      assertThat(get.get()).isEqualTo("v");
    }
    assertThat(a.keys("*")).containsExactly("k");

    assertThat(otel.spans("GET")).hasSize(6);
    assertThat(otel.finishedSpans())
        .allSatisfy(
            span ->
                assertThat(span.getAttributes().get(SERVER_PORT)).isEqualTo((long) target.port()));
    assertThat(otel.cacheRequests("GET", "hit")).isEqualTo(6);
    assertThat(otel.cacheRequests("GET", "miss")).isZero();
    assertThat(otel.redirections(REDIRECTION_MOVED, source.port())).isEqualTo(1);
  }

  @Test
  void anAskedCommandIsOneOperationOnTheImportingMaster() {
    RedisCluster cluster = redis.cluster();
    RedisServer source = ownerOf(A);
    RedisServer target = otherMaster(source);
    UnifiedJedis a = connect(A);
    a.set("k", "v");
    SlotMigration migration =
        cluster.startSlotMigration(cluster.slot(ProjectKeyspace.of(A).keyPrefix()), target);
    migration.moveKeys(); // the source no longer holds the key: it answers ASK
    otel.reset();

    assertThat(a.get("k")).isEqualTo("v");

    SpanData get = otel.span("GET");
    assertThat(otel.finishedSpans()).extracting(SpanData::getName).containsOnly("GET");
    assertThat(get.getAttributes().get(SERVER_PORT)).isEqualTo((long) target.port());
    assertThat(get.getAttributes().get(REDLENS_PROJECT_ID)).isEqualTo(A);
    assertThat(otel.cacheRequests("GET", "hit")).isEqualTo(1);
    assertThat(otel.redirections(REDIRECTION_ASK, source.port())).isEqualTo(1);
    migration.complete();
  }

  @Test
  void afterTheProjectsMasterFailsOverCommandsNameThePromotedReplica() {
    UnifiedJedis a = connect(A);
    a.set("k", "v");
    RedisServer owner = ownerOf(A);
    // replication is asynchronous: the key reaches the replica before its master dies
    RedisServer replica = redis.cluster().replicasOf(owner).get(0);
    await().until(() -> Long.valueOf(1).equals(replica.call("DBSIZE")));
    RedisServer promoted = redis.cluster().killMaster(owner);
    otel.reset();

    // Jedis's cluster executor finds the old master dead, refreshes its slot cache and retries
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> "v".equals(a.get("k")));

    List<SpanData> gets = otel.spans("GET");
    assertThat(gets.get(gets.size() - 1).getAttributes().get(SERVER_PORT))
        .isEqualTo((long) promoted.port());
    assertThat(gets)
        .allSatisfy(
            s -> {
              assertThat(s.getAttributes().get(REDLENS_PROJECT_ID)).isEqualTo(A);
              if (s.getAttributes().get(ERROR_TYPE) == null) {
                assertThat(s.getAttributes().get(SERVER_PORT)).isEqualTo((long) promoted.port());
              }
            });
  }

  @Test
  void cleanupDeletesAndCountsOnEveryMasterAndSparesOtherProjects() {
    UnifiedJedis a = connect(A);
    UnifiedJedis b = connect(B);
    for (int i = 0; i < 120; i++) {
      a.set("k" + i, "v");
    }
    b.set("k", "v");
    try (JedisCluster admin = new JedisCluster(seeds(), config())) { // every Jedis has it
      List<RedisCommandRunner> masters = RedisCommandRunner.jedisMasters(admin);
      assertThat(masters).hasSize(3);
      ProjectCleanup cleanup = ProjectCleanup.of(ProjectKeyspace.of(A)).withBatchSize(50);
      assertThat(cleanup.count(masters)).isEqualTo(120);
      assertThat(cleanup.deleteAll(masters)).isEqualTo(120);
      assertThat(cleanup.count(masters)).isZero();
      assertThat(ProjectCleanup.of(ProjectKeyspace.of(B)).count(masters)).isEqualTo(1);
    }
    assertThat(b.get("k")).isEqualTo("v");
  }

  /** Jedis 7.1's cluster client gets the same runners (not run by compat/jedis-6 and 7.0). */
  @Test
  @Tag("jedis-7.1")
  void jedisMastersOfARedisClusterClientRunOnEveryMaster() {
    connect(B).set("k", "v");
    try (RedisClusterClient admin =
        RedisClusterClient.builder().nodes(seeds()).clientConfig(config()).build()) {
      List<RedisCommandRunner> masters = RedisCommandRunner.jedisMasters(admin);
      assertThat(masters).hasSize(3);
      assertThat(ProjectCleanup.of(ProjectKeyspace.of(B)).count(masters)).isEqualTo(1);
      assertThat(ProjectCleanup.of(ProjectKeyspace.of(B)).deleteAll(masters)).isEqualTo(1);
    }
  }

  @Test
  void aKeyPrefixWithoutHashTagIsRefusedOnACluster() {
    ProjectKeyspace untagged = ProjectKeyspace.of(A).withKeyPrefix("tenant:%s:");
    assertThatThrownBy(() -> untagged.jedisCluster(seeds(), config(), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hash tag");
  }

  private static RedisServer otherMaster(RedisServer master) {
    return redis.cluster().masters().stream()
        .filter(m -> !m.equals(master))
        .findFirst()
        .orElseThrow();
  }

  /** Every key of {@code project} with its DUMP, on the master of the project's slot. */
  private static Map<String, String> stateOf(String project) {
    String prefix = ProjectKeyspace.of(project).keyPrefix();
    RedisServer owner = ownerOf(project);
    Map<String, String> state = new TreeMap<>();
    try (Jedis raw = new Jedis(new Connection(owner.host(), owner.port()))) {
      for (byte[] key : raw.keys((prefix + "*").getBytes(StandardCharsets.UTF_8))) {
        state.put(new String(key, StandardCharsets.UTF_8), Arrays.toString(raw.dump(key)));
      }
    }
    return state;
  }
}
