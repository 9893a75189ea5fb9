package dev.redlens.lettuce;

import static dev.redlens.core.RedlensSemconv.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.testing.InMemoryTelemetry;
import dev.redlens.testing.RedisSentinel;
import dev.redlens.testing.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A {@code redis-sentinel://} URI: commands name the master the sentinels named, with the URI's
 * database, before and after a {@code SENTINEL FAILOVER} (never the port of the URI's default).
 */
@Tag("sentinel")
class LettuceSentinelTest {

  private static RedisSentinel sentinel;

  @BeforeAll
  static void start() {
    sentinel = RedisSentinel.builder().replicas(1).sentinels(1).start();
  }

  @AfterAll
  static void stop() {
    sentinel.close();
  }

  @Test
  void commandsNameTheMasterBeforeAndAfterAFailover() {
    try (InMemoryTelemetry otel = new InMemoryTelemetry();
        RedisTelemetry telemetry = RedisTelemetry.create(otel.openTelemetry())) {
      ClientResources resources =
          LettuceTelemetry.create(telemetry).configure(ClientResources.builder()).build();
      RedisClient client = RedisClient.create(resources);
      try {
        RedisURI uri = RedisURI.create(sentinel.uri());
        uri.setDatabase(4);
        RedisServer before = sentinel.master();
        try (StatefulRedisConnection<String, String> connection = client.connect(uri)) {
          connection.sync().set("before", "v");
        }
        RedisServer after = sentinel.failover();
        try (StatefulRedisConnection<String, String> connection = client.connect(uri)) {
          connection.sync().set("after", "v");
        }

        assertThat(otel.spans("SET")).hasSize(2);
        for (SpanData set : otel.spans("SET")) {
          RedisServer master =
              set.getAttributes().get(DB_QUERY_TEXT).startsWith("SET before") ? before : after;
          assertThat(set.getAttributes().get(SERVER_PORT)).isEqualTo((long) master.port());
          assertThat(set.getAttributes().get(NETWORK_PEER_PORT)).isEqualTo((long) master.port());
          assertThat(set.getAttributes().get(DB_NAMESPACE)).isEqualTo("4");
        }
        assertThat(after.port()).isNotEqualTo(before.port());
        // the sentinel look-ups are the client's housekeeping
        assertThat(otel.finishedSpans()).extracting(SpanData::getName).containsOnly("SET");
      } finally {
        client.shutdown();
        resources.shutdown();
      }
    }
  }
}
