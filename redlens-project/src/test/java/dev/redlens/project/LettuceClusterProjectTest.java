package dev.redlens.project;

import static dev.redlens.core.RedlensSemconv.REDLENS_PROJECT_ID;
import static dev.redlens.core.RedlensSemconv.SERVER_PORT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.lettuce.LettuceTelemetry;
import dev.redlens.project.rewrite.ProjectIsolationException;
import dev.redlens.testing.InMemoryTelemetry;
import dev.redlens.testing.RedisCluster;
import dev.redlens.testing.RedisClusterExtension;
import dev.redlens.testing.RedisServer;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Project isolation on a Redis Cluster through Lettuce: {@link
 * ProjectKeyspace#connect(RedisClusterClient)} sends a project's commands to the node of its one
 * slot, refuses the escapes of {@link IsolationAttackTest} (its attempts, sent through its driver),
 * and {@link ProjectCleanup} cleans every master.
 */
@Tag("cluster")
class LettuceClusterProjectTest {

  @RegisterExtension static final RedisClusterExtension redis = RedisClusterExtension.create(3, 1);

  static final String A = IsolationAttackTest.A;
  static final String B = IsolationAttackTest.B;

  private final InMemoryTelemetry otel = new InMemoryTelemetry();
  private RedisTelemetry telemetry;
  private ClientResources resources;
  private RedisClusterClient client;

  @BeforeEach
  void connect() {
    telemetry = RedisTelemetry.create(otel.openTelemetry());
    resources = LettuceTelemetry.create(telemetry).configure(ClientResources.builder()).build();
    List<RedisURI> seeds = new ArrayList<>();
    redis.cluster().uris().forEach(uri -> seeds.add(RedisURI.create(uri)));
    client = RedisClusterClient.create(resources, seeds);
  }

  @AfterEach
  void close() {
    client.shutdown();
    resources.shutdown();
    telemetry.close();
    otel.close();
  }

  private StatefulRedisConnection<String, String> connect(String project) {
    return ProjectKeyspace.of(project).withTelemetry(telemetry).connect(client);
  }

  @Test
  void aProjectsCommandsGoToTheNodeOfItsSlotOneSpanEachWithTheProject() {
    RedisCluster cluster = redis.cluster();
    String prefix = ProjectKeyspace.of(A).keyPrefix();
    RedisServer owner = cluster.masterForKey(prefix + "anything");
    assertThat(cluster.slot(prefix + "a")).isEqualTo(cluster.slot(prefix + "zzz")); // the hash tag
    try (StatefulRedisConnection<String, String> a = connect(A)) {
      var s = a.sync();
      for (int i = 0; i < 50; i++) {
        s.set("k" + i, "v" + i);
      }
      // multi-key commands and scripts over the project's keys work: one slot
      assertThat(s.mget("k1", "k2").stream().map(KeyValue::getValue)).containsExactly("v1", "v2");
      assertThat(s.del("k0", "k1")).isEqualTo(2);
      assertThat((String) s.eval("return redis.call('GET', KEYS[1])", ScriptOutputType.VALUE, "k2"))
          .isEqualTo("v2");
      // listing goes to the slot's node, which holds every key of the project
      assertThat(s.keys("*")).hasSize(48).contains("k2").doesNotContain("k0");
      assertThat(s.scan(ScanArgs.Builder.limit(1000)).getKeys()).hasSize(48);
      // refused as on one node (it would count every project's keys)
      assertThatThrownBy(s::dbsize).isInstanceOf(ProjectIsolationException.class);
    }
    List<SpanData> spans = otel.finishedSpans();
    assertThat(spans).hasSizeGreaterThanOrEqualTo(55);
    assertThat(spans)
        .allSatisfy(span -> assertThat(span.getAttributes().get(REDLENS_PROJECT_ID)).isEqualTo(A));
    assertThat(spans.stream().filter(s -> !"DBSIZE".equals(s.getName())))
        .allSatisfy(
            span ->
                assertThat(span.getAttributes().get(SERVER_PORT))
                    .as(span.getName())
                    .isEqualTo((long) owner.port()));
    assertThat(otel.spans("SET")).hasSize(50);
  }

  @Test
  void aClusterConnectionOfAPoolIsScopedAsAView() {
    RedisServer owner = redis.cluster().masterForKey(ProjectKeyspace.of(A).keyPrefix() + "x");
    try (StatefulRedisClusterConnection<String, String> pooled = client.connect()) {
      StatefulRedisConnection<String, String> a =
          ProjectKeyspace.of(A).withTelemetry(telemetry).scope(pooled);
      a.sync().set("k", "v");
      assertThat(a.sync().keys("*")).containsExactly("k");
      assertThatThrownBy(() -> a.sync().flushdb()).isInstanceOf(ProjectIsolationException.class);
      // the raw connection stays usable for another project's view
      assertThat(pooled.sync().get(ProjectKeyspace.of(A).keyPrefix() + "k")).isEqualTo("v");
      assertThat(ProjectKeyspace.of(B).scope(pooled).sync().get("k")).isNull();
    }
    assertThat(otel.spans("SET"))
        .singleElement()
        .satisfies(
            span -> {
              assertThat(span.getAttributes().get(REDLENS_PROJECT_ID)).isEqualTo(A);
              assertThat(span.getAttributes().get(SERVER_PORT)).isEqualTo((long) owner.port());
            });
  }

  @Test
  void everyEscapeOfTheAttackSuiteIsRefusedOnACluster() {
    try (StatefulRedisConnection<String, String> b = connect(B)) {
      b.sync().set("k", "secret");
      b.sync().rpush("l", "3", "1", "2");
      b.sync().sadd("s", "m");
    }
    Map<String, String> before = stateOf(B);
    assertThat(before).hasSize(3);
    try (StatefulRedisConnection<String, String> a = connect(A)) {
      a.sync().set("k", "mine");
      a.sync().rpush("l", "1", "2");
      List<String> failures = new ArrayList<>();
      for (String[] attempt : IsolationAttackTest.attempts()) {
        String shown = String.join(" ", attempt);
        if (shown.equals("KEYS *") || shown.equals("PUBSUB CHANNELS *")) {
          assertThat(String.valueOf(IsolationAttackTest.send(a, attempt))).doesNotContain(B);
          continue;
        }
        Throwable error = catchThrowable(() -> IsolationAttackTest.send(a, attempt));
        if (!(error instanceof ProjectIsolationException)
            || !error.getMessage().contains("refused")) {
          failures.add(shown + " -> " + error);
        }
      }
      assertThat(failures).isEmpty();
      assertThatThrownBy(() -> a.sync().flushall()).isInstanceOf(ProjectIsolationException.class);
      assertThat(a.sync().keys("*")).containsExactlyInAnyOrder("k", "l");
    }
    assertThat(stateOf(B)).isEqualTo(before);
  }

  @Test
  void aMigratedSlotIsFollowed() {
    RedisCluster cluster = redis.cluster();
    String prefix = ProjectKeyspace.of(A).keyPrefix();
    RedisServer source = cluster.masterForKey(prefix + "k");
    RedisServer target =
        cluster.masters().stream().filter(m -> !m.equals(source)).findFirst().orElseThrow();
    try (StatefulRedisConnection<String, String> a = connect(A)) {
      a.sync().set("k", "v");
      cluster.migrateSlot(cluster.slot(prefix + "k"), target);
      otel.reset();
      for (int i = 0; i < 5; i++) {
        assertThat(a.sync().get("k")).isEqualTo("v");
      }
      // KEYS names no key, so no server redirects it: it goes where Lettuce's slot table says,
      // right once the topology is refreshed (periodic or adaptive refresh in production)
      client.refreshPartitions();
      assertThat(a.sync().keys("*")).containsExactly("k");
    }
    assertThat(otel.spans("GET")).hasSize(5);
    assertThat(otel.finishedSpans())
        .allSatisfy(
            span ->
                assertThat(span.getAttributes().get(SERVER_PORT)).isEqualTo((long) target.port()));
  }

  @Test
  void cleanupDeletesAndCountsOnEveryMasterAndSparesOtherProjects() {
    try (StatefulRedisConnection<String, String> a = connect(A);
        StatefulRedisConnection<String, String> b = connect(B)) {
      for (int i = 0; i < 120; i++) {
        a.sync().set("k" + i, "v");
      }
      b.sync().set("k", "v");
    }
    try (StatefulRedisClusterConnection<String, String> admin = client.connect()) {
      List<RedisCommandRunner> masters = RedisCommandRunner.lettuceMasters(admin);
      assertThat(masters).hasSize(3);
      ProjectCleanup cleanup = ProjectCleanup.of(ProjectKeyspace.of(A)).withBatchSize(50);
      assertThat(cleanup.count(masters)).isEqualTo(120);
      assertThat(cleanup.deleteAll(masters)).isEqualTo(120);
      assertThat(cleanup.count(masters)).isZero();
      assertThat(ProjectCleanup.of(ProjectKeyspace.of(B)).count(masters)).isEqualTo(1);
    }
  }

  /** Every key of {@code project} with its DUMP, on the master of the project's slot. */
  private static Map<String, String> stateOf(String project) {
    String prefix = ProjectKeyspace.of(project).keyPrefix();
    RedisServer owner = redis.cluster().masterForKey(prefix + "k");
    Map<String, String> state = new TreeMap<>();
    try (RedisClient raw = RedisClient.create(RedisURI.create(owner.uri()));
        StatefulRedisConnection<byte[], byte[]> bytes = raw.connect(ByteArrayCodec.INSTANCE)) {
      for (byte[] key : bytes.sync().keys(prefix + "*")) {
        state.put(new String(key, StandardCharsets.UTF_8), Arrays.toString(bytes.sync().dump(key)));
      }
    }
    return state;
  }
}
