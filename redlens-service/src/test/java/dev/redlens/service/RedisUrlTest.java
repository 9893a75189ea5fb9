package dev.redlens.service;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A bad {@code REDIS_URL} stops the service at start, saying what is wrong. */
class RedisUrlTest {

  private static void refused(String url, String message) {
    assertThatThrownBy(
            () ->
                RedlensServer.start(
                        Map.of("REDIS_URL", url, "REDLENS_HOST", "127.0.0.1", "REDLENS_PORT", "0"))
                    .close())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void anUnknownSchemeFailsFast() {
    refused("valkey://127.0.0.1:6380", "unknown scheme 'valkey'");
  }

  @Test
  void aClusterUrlWithoutNodesFailsFast() {
    refused("redis-cluster://", "names no cluster node");
  }

  @Test
  void aSentinelUrlWithoutMasterFailsFast() {
    refused("redis-sentinel://127.0.0.1:27101", "names no Sentinel master");
  }
}
