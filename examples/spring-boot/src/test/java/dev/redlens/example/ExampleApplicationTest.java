package dev.redlens.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The example as a user runs it: no Redis configured (so its own redis-server), real HTTP calls,
 * and what Redlens recorded read back from {@code /metrics} and {@code /actuator/redlens}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExampleApplicationTest {

  @LocalServerPort int port;
  @Autowired BookService books;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void requestsAreObservedEndToEnd() throws Exception {
    assertThat(get("/books/42")).contains("\"title\":\"The book #42\"");
    assertThat(get("/books/42")).contains("\"visits\":2");
    assertThat(books.lookups()).isEqualTo(1);

    String metrics = get("/metrics");
    assertThat(metrics)
        .contains("db_client_operation_duration_seconds_count{")
        .contains("db_operation_name=\"INCR\"")
        .contains("redis_client_cache_gets_total{")
        .contains("redis_cache_name=\"books\"");
    assertThat(get("/actuator/redlens")).contains("\"INCR\"").contains("\"nodes\"");
  }

  private String get(String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return response.body();
  }
}
