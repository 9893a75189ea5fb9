package dev.redlens.info;

import static dev.redlens.info.MetricsUnderTest.value;
import static dev.redlens.info.ServerMetricNames.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redlens.testing.RedisBinary;
import dev.redlens.testing.RedisServer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same collection on every server binary available here: the one on the PATH (7.0 on the build
 * machine) and the embedded-redis 6.2. Fields a version lacks (latency percentiles before 7.0) are
 * absent, never zero.
 */
class ServerMetricsVersionsTest {

  static Stream<RedisBinary> binaries() {
    Map<String, RedisBinary> byVersion = new LinkedHashMap<>();
    RedisBinary.onPath().ifPresent(b -> byVersion.put(b.version(), b));
    RedisBinary embedded = RedisBinary.embedded();
    byVersion.putIfAbsent(embedded.version(), embedded);
    return byVersion.values().stream();
  }

  @ParameterizedTest(name = "redis-server {0}")
  @MethodSource("binaries")
  void collectsWhatThisVersionReports(RedisBinary binary) {
    try (RedisServer server = RedisServer.builder().binary(binary).start();
        MetricsUnderTest under = MetricsUnderTest.onDemand(server)) {
      server.execute("SET", "k", "v");
      server.execute("GET", "k");
      assertThatThrownBy(() -> server.call("INCR", "k")).hasMessageStartingWith("ERR");

      CollectedMetrics collected = under.pollAndCollect();

      assertThat(collected.pointsOfNode(SERVER_INFO, server.port()))
          .singleElement()
          .satisfies(
              p -> assertThat(p.getAttributes().get(REDIS_VERSION)).isEqualTo(binary.version()));
      assertThat(value(collected, MEMORY_USED, server)).isPositive();
      assertThat(value(collected, KEYSPACE_HITS, server)).isPositive();
      assertThat(value(collected, DB_KEYS, server, DB, "0")).isEqualTo(1);
      assertThat(value(collected, CMD_CALLS, server, CMD, "set")).isEqualTo(1);
      // only the INCR: the collector's own handshake adds no error to the errorstats it reports
      assertThat(value(collected, ERRORS, server, ERROR_PREFIX, "ERR"))
          .as(server.info("errorstats"))
          .isEqualTo(1);
      assertThat(value(collected, MEMORY_ALLOCATOR_ALLOCATED, server)).isPositive();

      var latency = ServerMetricsTest.latency(collected, server, "get");
      if (binary.isAtLeast(7, 0)) {
        assertThat(latency).containsKeys("p50", "p99", "p99.9");
      } else {
        assertThat(latency).isEmpty();
        assertThat(collected.pointsOfNode(CMD_LATENCY, server.port())).isEmpty();
      }
    }
  }
}
