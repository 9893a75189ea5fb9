package dev.redlens.jedis;

import static dev.redlens.core.RedlensSemconv.SERVER_PORT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.testing.InMemoryTelemetry;
import dev.redlens.testing.RedisClusterExtension;
import dev.redlens.testing.RedisServer;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;

/**
 * {@link RedisClients}, the entry points with Jedis 7.1's client types, against a real cluster of 3
 * masters (one of them also serves the pooled client): the same spans and pool registrations as
 * {@link JedisTelemetry}'s own. Jedis 7.1 and later only (the compat modules of Jedis 6 and 7.0 do
 * not run it: those have no {@code RedisClient}).
 */
@Tag("cluster")
class RedisClientsTest {

  @RegisterExtension static final RedisClusterExtension redis = RedisClusterExtension.create(3, 0);

  @Test
  void thePooledClientIsARedisClientWithARegisteredPool() {
    RedisServer server = redis.cluster().masterForKey("k");
    try (InMemoryTelemetry otel = new InMemoryTelemetry();
        RedisTelemetry telemetry = RedisTelemetry.create(otel.openTelemetry())) {
      JedisTelemetry jedis = JedisTelemetry.create(telemetry);
      try (RedisClient client = jedis.redisClients().pooled(server.uri(), null)) {
        assertThat(client.set("k", "v")).isEqualTo("OK");
        assertThat(otel.span("SET").getAttributes().get(SERVER_PORT))
            .isEqualTo((long) server.port());
        assertThat(jedis.poolName(client)).hasValue("127.0.0.1:" + server.port() + "/0");
        assertThat(client.getPool().getNumIdle()).isEqualTo(1);
      }
    }
  }

  @Test
  void theClusterClientIsARedisClusterClientNamingTheOwnerOfEachKey() {
    RedisServer seed = redis.cluster().seed();
    try (InMemoryTelemetry otel = new InMemoryTelemetry();
        RedisTelemetry telemetry = RedisTelemetry.create(otel.openTelemetry());
        RedisClusterClient cluster =
            JedisTelemetry.create(telemetry)
                .redisClients()
                .cluster(
                    Set.of(new HostAndPort(seed.host(), seed.port())),
                    DefaultJedisClientConfig.builder().socketTimeoutMillis(10_000).build(),
                    null)) {
      for (String key : new String[] {"a", "b", "c", "d"}) {
        cluster.set(key, "v");
        assertThat(otel.spans("SET").get(otel.spans("SET").size() - 1).getAttributes())
            .extracting(a -> a.get(SERVER_PORT))
            .isEqualTo((long) redis.cluster().masterForKey(key).port());
      }
    }
  }
}
