package dev.redlens.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Four clients sending every kind of request to a service until stopped, recording what they got;
 * {@link #stopAndCheck()} then requires no 500 (only 200, 429, 502, 503) and no request slower than
 * allowed.
 */
final class ConcurrentLoad {

  record Outcome(String what, int status, long millis, String body) {}

  private final ServiceUnderTest sut;
  private final String project;
  private final long longestMs;

  ConcurrentLoad(ServiceUnderTest sut, String project, long longestMs) {
    this.sut = sut;
    this.project = project;
    this.longestMs = longestMs;
  }

  final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
  final AtomicBoolean running = new AtomicBoolean(true);
  final List<Thread> threads = new ArrayList<>();

  /** Every kind of request the clients send: method, path, body (null for a GET). */
  private String[][] requests() {
    return new String[][] {
      {
        "POST",
        "/test/redis/operations/basic",
        "{\"operation\": \"MIXED\", \"count\": 10, \"project_id\": \"" + project + "\"}"
      },
      {
        "POST",
        "/test/redis/cache/performance",
        "{\"total_keys\": 40, \"project_id\": \"" + project + "\"}"
      },
      {
        "POST",
        "/test/redis/latency/measurement",
        "{\"command\": \"GET\", \"iterations\": 10, \"project_id\": \"" + project + "\"}"
      },
      {"GET", "/test/redis/memory/usage?project_id=" + project, null},
      {"GET", "/test/redis/connection/pool/status", null},
      {"GET", "/health", null},
    };
  }

  private ServiceUnderTest.Answer send(String[] request) {
    return request[0].equals("GET") ? sut.get(request[1]) : sut.post(request[1], request[2]);
  }

  /**
   * Sends each kind of request once, one after the other, and requires no 500 of any. The first
   * requests of a fresh service load classes and make connections: on a loaded machine one took 4.4
   * s (its Redis commands 1.9 s of that), past the slowest a request may take under load, a bound
   * that is about waiting on Redis, not about a cold JVM.
   */
  void warmUp() {
    for (String[] request : requests()) {
      ServiceUnderTest.Answer answer = send(request);
      assertThat(answer.status())
          .as(request[0] + " " + request[1] + ": " + answer.body())
          .isIn(200, 429, 502, 503);
    }
  }

  ConcurrentLoad start() {
    String[][] requests = requests();
    for (int t = 0; t < 4; t++) {
      int offset = t;
      Thread thread =
          new Thread(
              () -> {
                for (int i = offset; running.get(); i++) {
                  String[] r = requests[i % requests.length];
                  long start = System.nanoTime();
                  ServiceUnderTest.Answer answer = send(r);
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
    FaultSuiteTest.pause(duration);
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
      assertThat(o.millis()).as(o.toString()).isLessThanOrEqualTo(longestMs);
    }
  }
}
