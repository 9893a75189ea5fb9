package dev.redlens.service.internal.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redlens.service.internal.redis.RedisTopology.Kind;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.Test;

/** How {@code REDIS_URL}'s scheme picks the topology, and what a bad URL is told. */
class RedisTopologyTest {

  @Test
  void aServerUrlIsOneServerAsBefore() {
    RedisTopology t = RedisTopology.parse("redis://:secret@127.0.0.1:7001/2");
    assertThat(t.kind()).isEqualTo(Kind.STANDALONE);
    assertThat(t.uri().getPort()).isEqualTo(7001);
    assertThat(t.display()).isEqualTo("redis://127.0.0.1:7001/2");
    assertThat(t.poolName()).isEqualTo("127.0.0.1:7001/2");
    assertThat(RedisTopology.parse("redis-socket:///tmp/redis.sock").display())
        .isEqualTo("redis-socket:///tmp/redis.sock");
  }

  @Test
  void aClusterUrlListsItsSeedsWithTheCredentialsAndOptionsOfTheUrl() {
    RedisTopology t =
        RedisTopology.parse("redis-cluster://user:secret@127.0.0.1:7000,127.0.0.2:7001?timeout=3s");
    assertThat(t.kind()).isEqualTo(Kind.CLUSTER);
    assertThat(t.seeds()).extracting(RedisURI::getHost).containsExactly("127.0.0.1", "127.0.0.2");
    assertThat(t.seeds()).extracting(RedisURI::getPort).containsExactly(7000, 7001);
    RedisCredentials credentials =
        t.seeds().get(1).getCredentialsProvider().resolveCredentials().block();
    assertThat(credentials.getUsername()).isEqualTo("user");
    assertThat(new String(credentials.getPassword())).isEqualTo("secret");
    assertThat(t.seeds().get(1).getTimeout().toSeconds()).isEqualTo(3);
    assertThat(t.display()).isEqualTo("redis-cluster://127.0.0.1:7000,127.0.0.2:7001");
    assertThat(t.poolName()).isEqualTo("127.0.0.1:7000,127.0.0.2:7001/0");
    assertThat(RedisTopology.parse("rediss-cluster://h:1").seeds().get(0).isSsl()).isTrue();
  }

  @Test
  void aSentinelUrlIsLettucesForm() {
    RedisTopology t =
        RedisTopology.parse("redis-sentinel://:pw@127.0.0.1:27101,127.0.0.1:27102/1#mymaster");
    assertThat(t.kind()).isEqualTo(Kind.SENTINEL);
    assertThat(t.uri().getSentinelMasterId()).isEqualTo("mymaster");
    assertThat(t.uri().getSentinels()).hasSize(2);
    assertThat(t.display())
        .isEqualTo("redis-sentinel://127.0.0.1:27101,127.0.0.1:27102/1#mymaster");
    assertThat(t.poolName()).isEqualTo("mymaster@127.0.0.1:27101,127.0.0.1:27102/1");
  }

  @Test
  void badUrlsAreRefusedSayingWhatIsExpected() {
    assertThatThrownBy(() -> RedisTopology.parse("memcached://h:1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown scheme 'memcached'")
        .hasMessageContaining("redis-cluster://host:port[,host:port…]")
        .hasMessageContaining("redis-sentinel://");
    assertThatThrownBy(() -> RedisTopology.parse("redis-cluster://"))
        .hasMessageContaining("names no cluster node");
    assertThatThrownBy(() -> RedisTopology.parse("redis-cluster://user:pw@ , /"))
        .hasMessageContaining("names no cluster node")
        .hasMessageNotContaining("pw");
    assertThatThrownBy(() -> RedisTopology.parse("redis-cluster://h:7000/3"))
        .hasMessageContaining("only database 0");
    assertThatThrownBy(() -> RedisTopology.parse("redis-sentinel://127.0.0.1:27101"))
        .hasMessageContaining("names no Sentinel master");
    assertThatThrownBy(() -> RedisTopology.parse("localhost:7001"))
        .hasMessageContaining("REDIS_URL must be one of");
  }
}
