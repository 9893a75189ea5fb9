package dev.redlens.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * A real {@code prometheus} on a free loopback port, in a temporary directory, scraping the given
 * targets every two seconds and evaluating the given rule files every second; with the few calls of
 * its HTTP API the tests need. {@link #close} stops it and deletes its directory.
 */
final class PrometheusProcess implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final Process process;
  private final String baseUrl;

  private PrometheusProcess(Path dir, Process process, int port) {
    this.dir = dir;
    this.process = process;
    this.baseUrl = "http://127.0.0.1:" + port;
  }

  /** Starts Prometheus scraping each target ({@code host:port}) as its job (job name to target). */
  static PrometheusProcess start(Map<String, String> targets, List<Path> ruleFiles)
      throws IOException, InterruptedException {
    PrometheusInstalled.ensure();
    Path dir = Files.createTempDirectory("redlens-prometheus-");
    StringBuilder config = new StringBuilder();
    config.append("global:\n  scrape_interval: 2s\n  scrape_timeout: 2s\n");
    config.append("  evaluation_interval: 1s\nrule_files:\n");
    for (Path file : ruleFiles) {
      config.append("  - '").append(file.toAbsolutePath()).append("'\n");
    }
    config.append("scrape_configs:\n");
    targets.forEach(
        (job, target) -> {
          config.append("  - job_name: '").append(job).append("'\n");
          config.append("    static_configs:\n      - targets: ['").append(target).append("']\n");
        });
    Files.writeString(dir.resolve("prometheus.yml"), config);
    int port = freePort();
    Process process =
        new ProcessBuilder(
                PrometheusInstalled.PROMETHEUS.toString(),
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
    PrometheusProcess prometheus = new PrometheusProcess(dir, process, port);
    try {
      Awaitility.await("prometheus ready")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(prometheus::ready);
      return prometheus;
    } catch (RuntimeException | Error e) {
      String log = prometheus.log();
      prometheus.close();
      throw new IllegalStateException("prometheus did not become ready:\n" + log, e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private boolean ready() {
    if (!process.isAlive()) {
      throw new IllegalStateException("prometheus exited:\n" + log());
    }
    try {
      return get("/-/ready").statusCode() == 200;
    } catch (UncheckedIOException e) {
      return false;
    }
  }

  /** The outcome of an instant query: an error (the expression did not parse) or its result. */
  record QueryResult(String error, JsonNode result) {
    boolean hasData() {
      return error == null && result != null && result.size() > 0;
    }
  }

  /** Evaluates {@code expr} now. */
  QueryResult query(String expr) {
    HttpResponse<String> response = get("/api/v1/query?query=" + encode(expr));
    JsonNode body = parse(response.body());
    if (!"success".equals(body.path("status").asText())) {
      return new QueryResult(
          body.path("errorType").asText() + ": " + body.path("error").asText(), null);
    }
    return new QueryResult(null, body.path("data").path("result"));
  }

  /**
   * The values of {@code label} on the series that {@code match} selects (Grafana's label_values).
   */
  List<String> labelValues(String label, String match) {
    String path = "/api/v1/label/" + encode(label) + "/values";
    if (match != null) {
      path += "?match[]=" + encode(match);
    }
    JsonNode body = parse(get(path).body());
    if (!"success".equals(body.path("status").asText())) {
      throw new IllegalArgumentException(body.path("error").asText());
    }
    List<String> values = new ArrayList<>();
    body.path("data").forEach(v -> values.add(v.asText()));
    return values;
  }

  /** The rule groups as Prometheus loaded them ({@code /api/v1/rules}). */
  JsonNode rules() {
    return parse(get("/api/v1/rules").body()).path("data").path("groups");
  }

  /** The scrape targets ({@code /api/v1/targets}). */
  JsonNode targets() {
    return parse(get("/api/v1/targets").body()).path("data").path("activeTargets");
  }

  String log() {
    try {
      return Files.readString(dir.resolve("prometheus.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + body, e);
    }
  }

  private HttpResponse<String> get(String path) {
    return Http.send(
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofSeconds(30))
            .GET()
            .build());
  }

  /** Stops Prometheus and deletes its directory; idempotent. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // already gone
    }
  }
}
