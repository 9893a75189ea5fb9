package dev.redlens.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.redlens.launcher.RespConnection;
import dev.redlens.service.internal.validate.PrometheusText;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Faults under concurrent load (issue 12): Redis killed and restarted, stopped past the command
 * timeout, paused, out of memory, its password changed. For each: no 500, no request longer than
 * the documented timeouts plus 1 s, the errors classified in {@code /metrics}, recovery without a
 * restart of the service; and at the end threads and heap back to their level.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteTest {

  static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(2);
  static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(1);

  /** The longest a request may take: a connection, a command, and a second of slack. */
  static final long LONGEST_MS =
      OPERATION_TIMEOUT.toMillis() + CONNECTION_TIMEOUT.toMillis() + 1_000;

  static ServiceUnderTest sut;
  static final String P = UUID.randomUUID().toString();
  static int baselineThreads;
  static long baselineHeap;

  @BeforeAll
  static void start() {
    sut =
        ServiceUnderTest.start(
            b ->
                b.operationTimeout(OPERATION_TIMEOUT)
                    .connectionTimeout(CONNECTION_TIMEOUT)
                    .healthCheckInterval(Duration.ofMillis(500)),
            "pw-1");
    // warm up every endpoint once (cold, unbounded), then under concurrent load (bounded as in
    // the faults), then take the baseline
    ConcurrentLoad warmUp = new ConcurrentLoad(sut, P, LONGEST_MS);
    warmUp.warmUp();
    warmUp.runFor(Duration.ofSeconds(2));
    baselineThreads = threads();
    baselineHeap = usedHeapAfterGc();
  }

  @AfterAll
  static void stop() {
    sut.close();
  }

  static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static double metric(String name, Map<String, String> labels) {
    return PrometheusText.parse(sut.get("/metrics").body()).sum(name, labels);
  }

  static double operationErrors(String type) {
    return metric("redis_client_operation_errors_total", Map.of("error_type", type));
  }

  static void awaitRecovery() {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              var answer =
                  sut.post(
                      "/test/redis/operations/basic",
                      "{\"operation\": \"SET\", \"count\": 3, \"project_id\": \"" + P + "\"}");
              return answer.status() == 200
                  && answer.json().path("failed").asLong() == 0
                  && sut.get("/health").status() == 200;
            });
  }

  /**
   * The live threads but the HTTP server's worker pool (which grows while requests block and
   * shrinks only after a minute idle, by design) and the common pool the test's clients use.
   */
  static int threads() {
    return (int)
        Thread.getAllStackTraces().keySet().stream()
            .map(Thread::getName)
            .filter(n -> !n.startsWith("qtp") && !n.startsWith("JettyServerThreadPool"))
            .filter(n -> !n.startsWith("ForkJoinPool") && !n.startsWith("HttpClient"))
            .count();
  }

  static long usedHeapAfterGc() {
    System.gc();
    var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return heap.getUsed();
  }

  @Test
  @Order(1)
  void redisKilledAndRestarted() {
    double before = operationErrors("connection") + operationErrors("timeout");
    ConcurrentLoad load = new ConcurrentLoad(sut, P, LONGEST_MS).start();
    pause(Duration.ofMillis(500));
    sut.redis.kill();
    pause(Duration.ofSeconds(2));
    sut.redis.restart();
    pause(Duration.ofMillis(500));
    load.stopAndCheck();
    awaitRecovery();
    assertThat(load.outcomes).anyMatch(o -> o.status() == 503);
    assertThat(operationErrors("connection") + operationErrors("timeout")).isGreaterThan(before);
  }

  @Test
  @Order(2)
  void redisStoppedPastTheCommandTimeout() {
    double before = operationErrors("timeout");
    ConcurrentLoad load = new ConcurrentLoad(sut, P, LONGEST_MS).start();
    pause(Duration.ofMillis(500));
    Signals.stop(sut.redis.pid());
    try {
      pause(OPERATION_TIMEOUT.plusSeconds(1));
      // /health answers from a probe that is cut off after a second, not after the timeout
      var health = sut.get("/health");
      assertThat(health.status()).isEqualTo(503);
      // either the probe was cut off after a second, or a check already under way timed out
      assertThat(health.json().path("parts").path("redis").path("error").asText())
          .contains("did not answer");
    } finally {
      Signals.resume(sut.redis.pid());
    }
    load.stopAndCheck();
    awaitRecovery();
    assertThat(operationErrors("timeout")).isGreaterThan(before);
  }

  @Test
  @Order(3)
  void clientPause() {
    double before = operationErrors("timeout");
    ConcurrentLoad load = new ConcurrentLoad(sut, P, LONGEST_MS).start();
    pause(Duration.ofMillis(500));
    sut.redis.execute("CLIENT", "PAUSE", "3000", "ALL");
    pause(Duration.ofSeconds(4));
    load.stopAndCheck();
    awaitRecovery();
    assertThat(operationErrors("timeout")).isGreaterThan(before);
  }

  @Test
  @Order(4)
  void outOfMemoryUnderNoeviction() {
    double before =
        metric("redis_client_operation_errors_total", Map.of("db_response_status_code", "OOM"));
    sut.redis.execute("CONFIG", "SET", "maxmemory-policy", "noeviction");
    sut.redis.execute("CONFIG", "SET", "maxmemory", "1");
    ConcurrentLoad load = new ConcurrentLoad(sut, P, LONGEST_MS).start();
    try {
      pause(Duration.ofSeconds(2));
    } finally {
      sut.redis.execute("CONFIG", "SET", "maxmemory", "0");
    }
    load.stopAndCheck();
    awaitRecovery();
    assertThat(
            metric("redis_client_operation_errors_total", Map.of("db_response_status_code", "OOM")))
        .isGreaterThan(before);
  }

  @Test
  @Order(5)
  void passwordChangedUnderTheService() throws Exception {
    ConcurrentLoad load = new ConcurrentLoad(sut, P, LONGEST_MS).start();
    pause(Duration.ofMillis(500));
    try (RespConnection admin = new RespConnection("127.0.0.1", sut.redis.port(), 5_000)) {
      admin.call("AUTH", "pw-1");
      admin.call("CONFIG", "SET", "requirepass", "pw-2");
      admin.call("CLIENT", "KILL", "TYPE", "normal"); // existing logins would survive the change
    }
    try {
      await().atMost(Duration.ofSeconds(15)).until(() -> sut.get("/health").status() == 503);
      // the load's requests may hold every permit (429); each request that runs is refused 503
      await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () ->
                  sut.post(
                              "/test/redis/operations/basic",
                              "{\"operation\": \"SET\", \"count\": 1, \"project_id\": \""
                                  + P
                                  + "\"}")
                          .status()
                      == 503);
    } finally {
      try (RespConnection admin = new RespConnection("127.0.0.1", sut.redis.port(), 5_000)) {
        admin.call("AUTH", "pw-2");
        admin.call("CONFIG", "SET", "requirepass", "pw-1");
      }
    }
    load.stopAndCheck();
    awaitRecovery();
  }

  @Test
  @Order(6)
  void threadsAndHeapAreBackToTheirLevel() {
    await().atMost(Duration.ofSeconds(30)).until(() -> threads() <= baselineThreads + 10);
    assertThat(usedHeapAfterGc()).isLessThan(baselineHeap + (96L << 20));
  }
}
