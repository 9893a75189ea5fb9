package dev.redlens.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.redlens.launcher.RespConnection;
import dev.redlens.service.internal.validate.PrometheusText;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
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

  record Outcome(String what, int status, long millis, String body) {}

  @BeforeAll
  static void start() {
    sut =
        ServiceUnderTest.start(
            b ->
                b.operationTimeout(OPERATION_TIMEOUT)
                    .connectionTimeout(CONNECTION_TIMEOUT)
                    .healthCheckInterval(Duration.ofMillis(500)),
            "pw-1");
    // warm up every endpoint once, then take the baseline
    new Load().runFor(Duration.ofSeconds(2));
    baselineThreads = Thread.activeCount();
    baselineHeap = usedHeapAfterGc();
  }

  @AfterAll
  static void stop() {
    sut.close();
  }

  /** Four clients sending every kind of request until stopped, recording what they got. */
  static final class Load {
    final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    final AtomicBoolean running = new AtomicBoolean(true);
    final List<Thread> threads = new ArrayList<>();

    Load start() {
      String[][] requests = {
        {
          "POST",
          "/test/redis/operations/basic",
          "{\"operation\": \"MIXED\", \"count\": 10, \"project_id\": \"" + P + "\"}"
        },
        {
          "POST",
          "/test/redis/cache/performance",
          "{\"total_keys\": 40, \"project_id\": \"" + P + "\"}"
        },
        {
          "POST",
          "/test/redis/latency/measurement",
          "{\"command\": \"GET\", \"iterations\": 10, \"project_id\": \"" + P + "\"}"
        },
        {"GET", "/test/redis/memory/usage?project_id=" + P, null},
        {"GET", "/test/redis/connection/pool/status", null},
        {"GET", "/health", null},
      };
      for (int t = 0; t < 4; t++) {
        int offset = t;
        Thread thread =
            new Thread(
                () -> {
                  for (int i = offset; running.get(); i++) {
                    String[] r = requests[i % requests.length];
                    long start = System.nanoTime();
                    ServiceUnderTest.Answer answer =
                        r[0].equals("GET") ? sut.get(r[1]) : sut.post(r[1], r[2]);
                    outcomes.add(
                        new Outcome(
                            r[0] + " " + r[1],
                            answer.status(),
                            (System.nanoTime() - start) / 1_000_000,
                            answer.body()));
                  }
                },
                "fault-suite-load-" + t);
        thread.setDaemon(true);
        thread.start();
        threads.add(thread);
      }
      return this;
    }

    void runFor(Duration duration) {
      start();
      pause(duration);
      stopAndCheck();
    }

    /** Stops the clients and checks what they got: no 500, nothing slower than allowed. */
    void stopAndCheck() {
      running.set(false);
      threads.forEach(
          t -> {
            try {
              t.join(30_000);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      assertThat(outcomes).isNotEmpty();
      for (Outcome o : outcomes) {
        assertThat(o.status()).as(o.toString()).isIn(200, 429, 502, 503);
        assertThat(o.millis()).as(o.toString()).isLessThanOrEqualTo(LONGEST_MS);
      }
    }
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

  static long usedHeapAfterGc() {
    System.gc();
    var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return heap.getUsed();
  }

  @Test
  @Order(1)
  void redisKilledAndRestarted() {
    double before = operationErrors("connection") + operationErrors("timeout");
    Load load = new Load().start();
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
    Load load = new Load().start();
    pause(Duration.ofMillis(500));
    Signals.stop(sut.redis.pid());
    try {
      pause(OPERATION_TIMEOUT.plusSeconds(1));
      // /health answers from a probe that is cut off after a second, not after the timeout
      var health = sut.get("/health");
      assertThat(health.status()).isEqualTo(503);
      assertThat(health.json().path("parts").path("redis").path("error").asText())
          .contains("did not answer PING within 1000 ms");
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
    Load load = new Load().start();
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
    Load load = new Load().start();
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
    Load load = new Load().start();
    pause(Duration.ofMillis(500));
    try (RespConnection admin = new RespConnection("127.0.0.1", sut.redis.port(), 5_000)) {
      admin.call("AUTH", "pw-1");
      admin.call("CONFIG", "SET", "requirepass", "pw-2");
      admin.call("CLIENT", "KILL", "TYPE", "normal"); // existing logins would survive the change
    }
    try {
      await().atMost(Duration.ofSeconds(15)).until(() -> sut.get("/health").status() == 503);
      var refused =
          sut.post(
              "/test/redis/operations/basic",
              "{\"operation\": \"SET\", \"count\": 1, \"project_id\": \"" + P + "\"}");
      assertThat(refused.status()).as(refused.body()).isEqualTo(503);
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
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> Thread.activeCount() <= baselineThreads + 10);
    assertThat(usedHeapAfterGc()).isLessThan(baselineHeap + (96L << 20));
  }
}
