package dev.redlens.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The load permits (issue 12, item 1): a body is read and validated before a permit is taken, so
 * slow or broken uploads never lock clients out; a 429 says when to retry; malformed JSON is a 400
 * whatever the permits.
 */
class LoadPermitsTest {

  static ServiceUnderTest sut;
  static final String P = UUID.randomUUID().toString();
  static final String BASIC = "/test/redis/operations/basic";

  @BeforeAll
  static void start() {
    sut = ServiceUnderTest.start(b -> b.operationTimeout(Duration.ofSeconds(20)));
  }

  @AfterAll
  static void stop() {
    sut.close();
  }

  @Test
  void fourSlowUploadsDoNotLockOthersOut() throws Exception {
    List<Socket> slow = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) { // as many as there are permits
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", sut.service.port()), 5_000);
        OutputStream out = socket.getOutputStream();
        out.write(
            ("POST "
                    + BASIC
                    + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"oper")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        slow.add(socket);
      }
      var answer =
          sut.post(BASIC, "{\"operation\": \"SET\", \"count\": 5, \"project_id\": \"" + P + "\"}");
      assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    } finally {
      for (Socket socket : slow) {
        socket.close();
      }
    }
  }

  @Test
  void busyAnswers429WithRetryAfterButBadJsonIsStill400() {
    Signals.stop(sut.redis.pid());
    List<CompletableFuture<ServiceUnderTest.Answer>> holders = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        holders.add(
            CompletableFuture.supplyAsync(
                () ->
                    sut.post(
                        BASIC,
                        "{\"operation\": \"GET\", \"count\": 1, \"project_id\": \"" + P + "\"}")));
      }
      AtomicReference<RawHttp.Answer> busy = new AtomicReference<>();
      String ok = "{\"operation\": \"GET\", \"count\": 1, \"project_id\": \"" + P + "\"}";
      await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () -> {
                busy.set(
                    RawHttp.exchange(
                        sut.service.port(),
                        RawHttp.request("POST", BASIC, ok, "Content-Type: application/json")));
                return busy.get().status() == 429;
              });
      assertThat(busy.get().header("Retry-After")).isEqualTo("1");
      assertThat(busy.get().body()).contains("too_many_requests");
      var malformed = sut.post(BASIC, "{\"operation\": ");
      assertThat(malformed.status()).as(malformed.body()).isEqualTo(400);
    } finally {
      Signals.resume(sut.redis.pid());
    }
    holders.forEach(h -> assertThat(h.join().status()).isIn(200, 503));
  }
}
