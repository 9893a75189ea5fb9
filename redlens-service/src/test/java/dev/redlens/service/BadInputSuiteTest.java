package dev.redlens.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.redlens.service.internal.api.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input of at least 150 kinds across every endpoint, sent over a raw socket (so that the HTTP
 * layer's own refusals are included): each is answered by a 4xx JSON error in the service's own
 * words, never a 500 or an HTML page, and the service stays healthy.
 */
class BadInputSuiteTest {

  static ServiceUnderTest sut;
  static final String P = UUID.randomUUID().toString();
  static final String BASIC = "/test/redis/operations/basic";
  static final String CACHE = "/test/redis/cache/performance";
  static final String LATENCY = "/test/redis/latency/measurement";
  static final String MEMORY = "/test/redis/memory/usage";
  static final String POOL = "/test/redis/connection/pool/status";
  static final String STATUS = "/test/redis/instrumentation/status";
  static final String CLEANUP = "/test/redis/cleanup";
  static final String JSON = "Content-Type: application/json";

  /** Words of the libraries underneath that must never reach a client. */
  static final Pattern LEAK =
      Pattern.compile(
          "(?i)jackson|JsonReadFeature|StreamReadConstraints|StreamConstraints|jetty|javalin|lettuce"
              + "|netty|Handler|Exception|at \\[Source|java\\.|<html|\\bFeature\\b");

  /**
   * One kind of bad input: the raw request, and the status it must get (0: any 4xx). The only 5xx
   * are the HTTP versions the server does not speak (505, from the HTTP parser), as JSON too.
   */
  record Case(String name, String request, int status) {
    @Override
    public String toString() {
      return name;
    }
  }

  @BeforeAll
  static void start() {
    sut = ServiceUnderTest.start();
  }

  @AfterAll
  static void stop() {
    sut.close();
  }

  static Case post(String name, String path, String body, String... headers) {
    return new Case(name, RawHttp.request("POST", path, body, headers), 400);
  }

  static Case json(String name, String path, String body) {
    return post(name, path, body, JSON);
  }

  static Case get(String name, String target, int status) {
    return new Case(name, RawHttp.request("GET", target, null), status);
  }

  static Case raw(String name, String request, int status) {
    return new Case(name, request, status);
  }

  static String field(String name, String value) {
    return "\"" + name + "\": " + value;
  }

  static String obj(String... fields) {
    return "{" + String.join(", ", fields) + "}";
  }

  static final String PROJECT = field("project_id", "\"" + P + "\"");

  static Stream<Case> cases() {
    List<Case> c = new ArrayList<>();
    // --- each field of each load endpoint: null, wrong JSON types, out of range
    String[][] ints = {
      {BASIC, "count", "1", "10000", "\"operation\": \"SET\""},
      {CACHE, "total_keys", "1", "50000", "\"hit_rate_target\": 0.5"},
      {LATENCY, "iterations", "1", "100000", "\"command\": \"GET\""},
      {LATENCY, "key_size", "1", "65536", "\"command\": \"GET\""},
    };
    for (String[] f : ints) {
      String path = f[0];
      String name = f[1];
      String other = f[4];
      for (String[] bad :
          new String[][] {
            {"null", "null"},
            {"string", "\"5\""},
            {"boolean", "true"},
            {"array", "[5]"},
            {"object", "{\"n\": 5}"},
            {"fraction", "2.5"},
            {"exponent", "1e3"},
            {"below minimum", String.valueOf(Long.parseLong(f[2]) - 1)},
            {"above maximum", String.valueOf(Long.parseLong(f[3]) + 1)},
            {"negative", "-7"},
            {"beyond long", "123456789012345678901234567890"},
          }) {
        c.add(
            json(path + " " + name + " " + bad[0], path, obj(other, field(name, bad[1]), PROJECT)));
      }
    }
    for (String[] bad :
        new String[][] {
          {"null", "null"},
          {"string", "\"0.5\""},
          {"above 1", "1.01"},
          {"negative", "-0.5"},
          {"boolean", "false"},
          {"array", "[0.5]"},
          {"huge exponent", "1e400"}
        }) {
      c.add(
          json(
              CACHE + " hit_rate_target " + bad[0],
              CACHE,
              obj(field("hit_rate_target", bad[1]), PROJECT)));
    }
    // --- operation and command names
    for (String[] bad :
        new String[][] {
          {"NUL after", "\"SET\\u0000\""},
          {"leading space", "\" SET\""},
          {"trailing space", "\"SET \""},
          {"tab", "\"SET\\t\""},
          {"empty", "\"\""},
          {"FLUSHALL", "\"FLUSHALL\""},
          {"CONFIG", "\"CONFIG\""},
          {"EVAL", "\"EVAL\""},
          {"two commands", "\"SET;DEL\""},
          {"cyrillic S", "\"\\u0405ET\""},
          {"very long", "\"" + "S".repeat(5000) + "\""},
          {"number", "1"},
          {"null", "null"},
          {"array", "[\"SET\"]"},
          {"newline", "\"SET\\nDEL\""},
        }) {
      c.add(json("operation " + bad[0], BASIC, obj(field("operation", bad[1]), PROJECT)));
      c.add(json("command " + bad[0], LATENCY, obj(field("command", bad[1]), PROJECT)));
    }
    // --- key_prefix
    for (String[] bad :
        new String[][] {
          {"empty", "\"\""},
          {"space", "\"a b\""},
          {"glob star", "\"a*\""},
          {"glob question", "\"a?\""},
          {"bracket", "\"a[b]\""},
          {"hash tag brace", "\"{x}\""},
          {"NUL", "\"a\\u0000\""},
          {"65 characters", "\"" + "k".repeat(65) + "\""},
          {"unicode", "\"caf\\u00e9\""},
          {"null", "null"},
          {"number", "7"},
        }) {
      c.add(
          json(
              "key_prefix " + bad[0],
              BASIC,
              obj(field("operation", "\"GET\""), field("key_prefix", bad[1]), PROJECT)));
    }
    // --- project_id in bodies
    for (String[] bad :
        new String[][] {
          {"missing", null},
          {"null", "null"},
          {"empty", "\"\""},
          {"short", "\"1234\""},
          {"braces", "\"{" + P + "}\""},
          {"star", "\"*\""},
          {"path", "\"../x\""},
          {"spaces", "\" " + P + " \""},
          {"not hex", "\"" + P.replace(P.charAt(0), 'g') + "\""},
          {"number", "12"},
          {"array", "[\"" + P + "\"]"},
          {"no dashes", "\"" + P.replace("-", "") + "\""},
        }) {
      String project = bad[1] == null ? null : field("project_id", bad[1]);
      String body =
          project == null
              ? obj(field("operation", "\"SET\""))
              : obj(field("operation", "\"SET\""), project);
      c.add(json("project_id " + bad[0], BASIC, body));
    }
    // --- JSON syntax and framing of the body
    String ok = obj(field("operation", "\"SET\""), PROJECT);
    for (String[] bad :
        new String[][] {
          {"NaN", obj(field("count", "NaN"), field("operation", "\"SET\""), PROJECT)},
          {"Infinity", obj(field("count", "Infinity"), field("operation", "\"SET\""), PROJECT)},
          {"comment", "/* c */ " + ok},
          {"single quotes", "{'operation': 'SET'}"},
          {"trailing comma", "{\"operation\": \"SET\",}"},
          {"unquoted key", "{operation: \"SET\"}"},
          {"leading zero", obj(field("count", "007"), field("operation", "\"SET\""), PROJECT)},
          {"hex number", obj(field("count", "0x10"), field("operation", "\"SET\""), PROJECT)},
          {"truncated", "{\"operation\": \"SE"},
          {"two objects", ok + ok},
          {"array", "[" + ok + "]"},
          {"string", "\"SET\""},
          {"number", "42"},
          {"true", "true"},
          {"null", "null"},
          {"empty object", "{}"},
          {"deep nesting", obj(field("x", "[".repeat(50) + "]".repeat(50)), PROJECT)},
          {"long number", obj(field("count", "1".repeat(80)), PROJECT)},
          {"long string", obj(field("key_prefix", "\"" + "x".repeat(20_000) + "\""), PROJECT)},
          {
            "duplicate key",
            obj(field("operation", "\"SET\""), field("operation", "\"GET\""), PROJECT)
          },
          {"unknown field", obj(field("operation", "\"SET\""), field("extra", "1"), PROJECT)},
          {"empty", ""},
          {"whitespace", "   \n "},
          {"lone brace", "{"},
          {"invalid escape", "{\"operation\": \"\\x53ET\"}"},
          {"control char in string", "{\"operation\": \"S\u0001T\"}"},
        }) {
      c.add(json("body " + bad[0], BASIC, bad[1]));
    }
    String latin1 = "{\"operation\": \"SET\u00ff\", " + PROJECT + "}";
    c.add(
        raw(
            "body not UTF-8",
            "POST "
                + BASIC
                + " HTTP/1.1\r\nHost: x\r\n"
                + JSON
                + "\r\nContent-Length: "
                + latin1.length()
                + "\r\nConnection: close\r\n\r\n"
                + latin1,
            400));
    c.add(post("text/plain", BASIC, ok, "Content-Type: text/plain"));
    c.add(post("xml", CACHE, ok, "Content-Type: application/xml"));
    c.add(post("form", LATENCY, "command=GET", "Content-Type: application/x-www-form-urlencoded"));
    c.add(post("json-patch media type", BASIC, ok, "Content-Type: application/json-patch+json"));
    c.add(post("gzip encoding on plain body", BASIC, ok, JSON, "Content-Encoding: gzip"));
    c.add(post("deflate encoding", CACHE, ok, JSON, "Content-Encoding: deflate"));
    c.add(post("br encoding", LATENCY, ok, JSON, "Content-Encoding: br"));
    c.add(post("stacked encodings", BASIC, ok, JSON, "Content-Encoding: identity, gzip"));
    c.add(
        new Case(
            "oversized body",
            RawHttp.request(
                "POST", BASIC, obj(field("key_prefix", "\"" + "x".repeat(70_000) + "\"")), JSON),
            413));
    c.add(
        new Case(
            "declared oversized body",
            "POST "
                + BASIC
                + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + JSON
                + "\r\nContent-Length: 10000000\r\n\r\n{",
            413));
    // --- query strings
    for (String path : new String[] {BASIC, CACHE, LATENCY}) {
      c.add(post("query on " + path, path + "?count=5", ok, JSON));
    }
    for (String path :
        new String[] {
          "/health", "/metrics", "/", "/dashboard/data", STATUS
        }) { // "/" takes only refresh
      c.add(get("unknown parameter on " + path, path + "?verbose=1", 400));
      c.add(get("bare parameter on " + path, path + "?x", 400));
    }
    for (String path : new String[] {MEMORY, POOL}) {
      for (String[] bad :
          new String[][] {
            {"percent percent", "project_id=%%%"},
            {"bad hex", "project_id=%zz"},
            {"trailing percent", "project_id=" + P + "%"},
            {"half escape", "project_id=%4"},
            {"encoded NUL", "project_id=" + P + "%00"},
            {"not UTF-8", "project_id=%C3%28"},
            {"encoded space", "project_id=" + P + "%20"},
            {"not a uuid", "project_id=abc"},
            {"twice", "project_id=" + P + "&project_id=" + P},
            {"unknown", "foo=1"},
            {"empty name", "=1"},
            {"bad name encoding", "%zz=1"},
            {"empty value", "project_id="},
            {"encoded glob", "project_id=%2A"},
          }) {
        c.add(get(path + " " + bad[0], path + "?" + bad[1], 400));
      }
    }
    for (String query :
        new String[] {
          "",
          "?project_id=%%%",
          "?project_id=%zz",
          "?project_id=x%",
          "?project_id=1234",
          "?project_id=*",
          "?other=1"
        }) {
      c.add(
          new Case(
              "cleanup " + (query.isEmpty() ? "without project" : query),
              RawHttp.request("POST", CLEANUP + query, null),
              400));
    }
    // --- methods and paths
    for (String method : new String[] {"PUT", "DELETE", "PATCH"}) {
      c.add(new Case(method + " on basic", RawHttp.request(method, BASIC, ok, JSON), 405));
    }
    c.add(get("GET on a POST endpoint", BASIC, 405));
    c.add(new Case("POST on health", RawHttp.request("POST", "/health", "{}", JSON), 405));
    c.add(get("unknown path", "/nope", 404));
    c.add(get("unknown nested path", "/test/redis/nope/deeper", 404));
    // --- the HTTP layer itself (Jetty)
    c.add(
        raw(
            "URI too long",
            "GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            414));
    c.add(
        raw(
            "header too large",
            "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: "
                + "b".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n",
            431));
    c.add(
        raw(
            "too many headers",
            "GET /health HTTP/1.1\r\nHost: x\r\n"
                + "X-H: v\r\n".repeat(3_000)
                + "Connection: close\r\n\r\n",
            431));
    c.add(
        raw(
            "Content-Length not a number",
            "POST "
                + BASIC
                + " HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\nConnection: close\r\n\r\n{}",
            400));
    c.add(
        raw(
            "negative Content-Length",
            "POST "
                + BASIC
                + " HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\nConnection: close\r\n\r\n{}",
            400));
    c.add(
        raw(
            "two Content-Lengths",
            "POST "
                + BASIC
                + " HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\nConnection: close\r\n\r\n{} ",
            400));
    c.add(
        raw(
            "Content-Length and chunked",
            "POST "
                + BASIC
                + " HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
            400));
    c.add(raw("NUL in path", "GET /he%00alth HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 0));
    c.add(
        raw(
            "raw space in query",
            "GET /health?a=b c HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            400));
    c.add(raw("HTTP/0.9", "GET /health\r\n\r\n", 505));
    c.add(
        raw(
            "HTTP/3.0 version",
            "GET /health HTTP/3.0\r\nHost: x\r\nConnection: close\r\n\r\n",
            505));
    c.add(
        raw("garbage version", "GET /health FOO/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 505));
    c.add(
        raw(
            "header without colon",
            "GET /health HTTP/1.1\r\nHost: x\r\nBroken header\r\nConnection: close\r\n\r\n",
            400));
    c.add(
        raw(
            "space before colon",
            "GET /health HTTP/1.1\r\nHost : x\r\nConnection: close\r\n\r\n",
            400));
    c.add(raw("no Host", "GET /health HTTP/1.1\r\nConnection: close\r\n\r\n", 400));
    c.add(
        raw(
            "two Hosts",
            "GET /health HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n",
            400));
    c.add(
        raw(
            "control character in header",
            "GET /health HTTP/1.1\r\nHost: x\r\nX-A: a\u0001b\r\nConnection: close\r\n\r\n",
            400));
    c.add(
        raw(
            "bad chunk size",
            "POST "
                + BASIC
                + " HTTP/1.1\r\nHost: x\r\n"
                + JSON
                + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
            400));
    c.add(
        raw(
            "unknown transfer encoding",
            "POST "
                + BASIC
                + " HTTP/1.1\r\nHost: x\r\n"
                + JSON
                + "\r\nTransfer-Encoding: magic\r\nConnection: close\r\n\r\n{}",
            0));
    c.add(
        raw(
            "ambiguous path separator",
            "GET /health%2F HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            0));
    c.add(
        raw(
            "dot-dot path",
            "GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            0));
    c.add(
        raw(
            "encoded dot-dot",
            "GET /%2e%2e/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            0));
    c.add(
        raw(
            "absolute URI with other host",
            "GET http://evil.example/nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            0));
    c.add(
        raw(
            "backslash in path",
            "GET /he\\alth HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            0));
    c.add(
        raw("unknown method", "BREW /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 0));
    c.add(
        raw(
            "Expect unknown",
            "POST "
                + BASIC
                + " HTTP/1.1\r\nHost: x\r\n"
                + JSON
                + "\r\nExpect: magic\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
            417));
    return c.stream();
  }

  @Test
  void atLeast150Kinds() {
    assertThat(cases().count()).isGreaterThanOrEqualTo(150);
    assertThat(cases().map(Case::name).distinct().count()).isEqualTo(cases().count());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void answersAJsonErrorInTheServicesWords(Case c) throws Exception {
    RawHttp.Answer answer = RawHttp.exchange(sut.service.port(), c.request());
    String seen = answer.status() + " " + answer.headers() + "\n" + answer.body();
    if (c.status() == 0) {
      assertThat(answer.status()).as(seen).isBetween(400, 499);
    } else {
      assertThat(answer.status()).as(seen).isEqualTo(c.status());
    }
    assertThat(answer.contentType()).as(seen).startsWith("application/json");
    JsonNode json = Json.MAPPER.readTree(answer.body());
    assertThat(json.path("error").asText()).as(seen).isNotBlank();
    assertThat(json.path("message").asText()).as(seen).isNotBlank().doesNotContainPattern(LEAK);
  }

  /**
   * A body cut short (issue 12, item 4): the client sends part of a chunked or sized body and then
   * closes its side. The client's fault: a 400 JSON error (one log line), not a 500.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("truncatedUploads")
  void aTruncatedUploadIsTheClientsFault(String name, String head, String partialBody)
      throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", sut.service.port())) {
      socket.setSoTimeout(15_000);
      socket
          .getOutputStream()
          .write((head + partialBody).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      socket.shutdownOutput(); // the upload stops here
      RawHttp.Answer answer = RawHttp.read(socket.getInputStream());
      String seen = answer.status() + " " + answer.body();
      assertThat(answer.status()).as(seen).isEqualTo(400);
      assertThat(answer.contentType()).as(seen).startsWith("application/json");
      assertThat(Json.MAPPER.readTree(answer.body()).path("message").asText())
          .doesNotContainPattern(LEAK);
    }
  }

  static Stream<org.junit.jupiter.params.provider.Arguments> truncatedUploads() {
    String head = "POST " + BASIC + " HTTP/1.1\r\nHost: x\r\n" + JSON + "\r\n";
    return Stream.of(
        org.junit.jupiter.params.provider.Arguments.of(
            "chunked, cut inside a chunk",
            head + "Transfer-Encoding: chunked\r\n\r\n",
            "20\r\n{\"operation\": \"SE"),
        org.junit.jupiter.params.provider.Arguments.of(
            "chunked, no last chunk", head + "Transfer-Encoding: chunked\r\n\r\n", "2\r\n{}\r\n"),
        org.junit.jupiter.params.provider.Arguments.of(
            "Content-Length larger than what is sent",
            head + "Content-Length: 100\r\n\r\n",
            "{\"oper"));
  }

  @Test
  void theServiceIsHealthyAfterwards() {
    cases().limit(200).forEach(c -> RawHttp.exchange(sut.service.port(), c.request()));
    assertThat(sut.get("/health").status()).isEqualTo(200);
    var ok =
        sut.post(BASIC, "{\"operation\": \"SET\", \"count\": 3, \"project_id\": \"" + P + "\"}");
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    assertThat(ok.json().path("succeeded").asLong()).isEqualTo(3);
  }
}
