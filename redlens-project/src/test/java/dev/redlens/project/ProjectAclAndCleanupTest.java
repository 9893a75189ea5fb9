package dev.redlens.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redlens.testing.RedisServerExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ProjectAclAndCleanupTest {

  @RegisterExtension static final RedisServerExtension redis = RedisServerExtension.create();

  @Test
  void cleanupDeletesEveryKeyOfOneProjectInBatches() {
    String a = UUID.randomUUID().toString();
    String b = UUID.randomUUID().toString();
    RedisClient client = RedisClient.create(redis.server().uri());
    try (StatefulRedisConnection<String, String> admin = client.connect();
        StatefulRedisConnection<String, String> ca = ProjectKeyspace.of(a).connect(client);
        StatefulRedisConnection<String, String> cb = ProjectKeyspace.of(b).connect(client)) {
      for (int i = 0; i < 1234; i++) {
        ca.sync().set("k" + i, "v");
      }
      ca.sync().rpush("list", "x");
      cb.sync().set("k1", "b's");
      admin.sync().set("unscoped", "x");
      RedisCommandRunner runner = RedisCommandRunner.lettuce(admin);
      ProjectCleanup cleanup = ProjectCleanup.of(ProjectKeyspace.of(a)).withBatchSize(100);
      assertThat(cleanup.count(runner)).isEqualTo(1235);
      assertThat(cleanup.deleteAll(runner)).isEqualTo(1235);
      assertThat(cleanup.count(runner)).isZero();
      assertThat(ca.sync().keys("*")).isEmpty();
      assertThat(cb.sync().get("k1")).isEqualTo("b's");
      assertThat(admin.sync().get("unscoped")).isEqualTo("x");
      assertThat(cleanup.deleteAll(runner)).isZero();
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  @Test
  void aclUserIsConfinedThenRemoved() {
    String a = UUID.randomUUID().toString();
    ProjectKeyspace keyspace = ProjectKeyspace.of(a);
    ProjectAcl acl = ProjectAcl.of(keyspace);
    assertThat(acl.userName()).isEqualTo("project-" + a);
    assertThat(acl.rules(true))
        .contains("~project:{" + a + "}:*", "&project:{" + a + "}:*", "-@dangerous");
    RedisClient client = RedisClient.create(redis.server().uri());
    try (StatefulRedisConnection<String, String> admin = client.connect()) {
      RedisCommandRunner runner = RedisCommandRunner.lettuce(admin);
      ProjectAcl.Credentials credentials = acl.provision(runner);
      assertThat(credentials.toString()).doesNotContain(credentials.password());
      assertThat(admin.sync().aclList())
          .anySatisfy(
              rule ->
                  assertThat(rule).contains(acl.userName()).doesNotContain(credentials.password()));
      RedisURI asA = RedisURI.create(redis.server().uri());
      asA.setCredentialsProvider(
          io.lettuce.core.RedisCredentialsProvider.from(
              () ->
                  io.lettuce.core.RedisCredentials.just(
                      credentials.user(), credentials.password())));
      // a scoped connection authenticated as the project's user: both layers at once
      try (StatefulRedisConnection<String, String> scoped =
          keyspace.connect(RedisClient.create(asA))) {
        scoped.sync().set("k", "v");
        assertThat(scoped.sync().get("k")).isEqualTo("v");
        assertThat(admin.sync().get("project:{" + a + "}:k")).isEqualTo("v");
        scoped.sync().rpush("l", "2", "1");
        if (redis.server().binary().isAtLeast(7, 0)) {
          assertThat(scoped.sync().sort("l"))
              .containsExactly("1", "2"); // SORT without patterns is fine on 7
        }
      }
      assertThat(acl.remove(runner)).isTrue();
      assertThat(acl.remove(runner)).isFalse();
      assertThatThrownBy(() -> client.connect(asA).close()).hasStackTraceContaining("WRONGPASS");
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }
}
