package dev.redlens.service.internal.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.redlens.service.internal.api.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Consumer;

/** The running service as {@code validate} sees it: its API and {@code /metrics}, over HTTP. */
final class ServiceClient {

  private final String apiUrl;
  private final Consumer<String> verbose;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .version(HttpClient.Version.HTTP_1_1)
          .build();

  ServiceClient(String apiUrl, Consumer<String> verbose) {
    this.apiUrl = apiUrl;
    this.verbose = verbose;
  }

  record Response(int status, String text, JsonNode json) {}

  Response get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(apiUrl + path)).GET());
  }

  Response post(String path, Object body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(apiUrl + path));
    if (body == null) {
      b.POST(HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)));
    }
    return send(b);
  }

  private Response send(HttpRequest.Builder builder) throws IOException, InterruptedException {
    HttpRequest request = builder.timeout(Duration.ofSeconds(120)).build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    verbose.accept(
        "  "
            + request.method()
            + " "
            + request.uri().getPath()
            + (request.uri().getQuery() == null ? "" : "?" + request.uri().getQuery())
            + " -> "
            + response.statusCode());
    JsonNode json = null;
    String type = response.headers().firstValue("Content-Type").orElse("");
    if (type.startsWith("application/json")) {
      json = Json.MAPPER.readTree(response.body());
    }
    return new Response(
        response.statusCode(), response.body(), json == null ? Json.MAPPER.missingNode() : json);
  }

  PrometheusText metrics() throws IOException, InterruptedException {
    Response r = get("/metrics");
    if (r.status != 200) {
      throw new IllegalStateException("GET /metrics answered " + r.status);
    }
    return PrometheusText.parse(r.text);
  }
}
