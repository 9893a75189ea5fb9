package dev.redlens.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redlens.core.catalog.CacheRead;
import dev.redlens.core.catalog.CommandCatalog;
import dev.redlens.service.internal.api.Operations;
import dev.redlens.service.internal.validate.PrometheusText;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #12 item 5, the cardinality budget: 10,000 project ids × every operation of the API at
 * default settings keep {@code /metrics} under 5 MB, the heap flat and the SDK from overflowing,
 * while the totals stay exact (the sum over series equals the commands issued).
 *
 * <p>Before the budget (the project on the duration histogram, a View raising the SDK's limit to
 * 20,000): {@code /metrics} 49.8 MB after 300 projects and 127.7 MB after 1,200 (then flat: 1,000
 * projects plus {@code _other}), the duration histogram at the View's 20,000 series with the SDK
 * warning of overflow and folding the rest into {@code otel_metric_overflow} (so the totals per
 * command were short), the heap 57 MB to 179 MB after a full GC.
 */
class CardinalityBudgetTest {

  static final int PROJECTS = 10_000;
  static final int FIRST_PHASE = PROJECTS / 4;
  static final int CLIENTS = 4; // the service's default number of concurrent load requests
  static final long FIVE_MB = 5L * 1024 * 1024;
  static final String DURATION_COUNT = "db_client_operation_duration_seconds_count";
  static final String CACHE_REQUESTS = "redis_client_cache_requests_total";
  static final String ERRORS = "redis_client_operation_errors_total";
  static final String SLOW = "redis_client_operation_slow_total";
  static final String HIT_RATIO = "redis_client_cache_hit_ratio";

  static final List<String> OPERATIONS =
      Operations.BASIC_OPERATIONS.stream().filter(o -> !o.equals("MIXED")).sorted().toList();

  /** The operations whose reads Redlens counts on {@code redis.client.cache.requests}. */
  static final List<String> CACHE_READS =
      OPERATIONS.stream()
          .filter(o -> CommandCatalog.builtIn().find(o).cacheRead() != CacheRead.NONE)
          .toList();

  static ServiceUnderTest sut;
  static final SdkWarnings SDK_WARNINGS = new SdkWarnings();
  static final Logger SDK_LOGGER = Logger.getLogger("io.opentelemetry.sdk.metrics");

  /** What the API answered, per operation. */
  static final Map<String, LongAdder> executed = new ConcurrentHashMap<>();

  static final LongAdder failed = new LongAdder();

  /** Hits and misses the API answered for the commands Redlens counts as cache reads. */
  static final LongAdder reads = new LongAdder();

  static final AtomicInteger unexpected = new AtomicInteger();

  static PrometheusText before;
  static String afterFirstPhase;
  static String afterAll;
  static long heapAfterFirstPhase;
  static long heapAfterAll;

  @BeforeAll
  static void run() throws InterruptedException {
    SDK_LOGGER.addHandler(SDK_WARNINGS);
    sut = ServiceUnderTest.start();
    OPERATIONS.forEach(o -> executed.put(o, new LongAdder()));
    before = PrometheusText.parse(sut.get("/metrics").body());
    List<UUID> projects = new ArrayList<>();
    for (int p = 0; p < PROJECTS; p++) {
      projects.add(new UUID(0x5eed_0000_0000_0000L, p));
    }
    long startNanos = System.nanoTime();
    long startCpu = processCpuNanos();
    load(projects.subList(0, FIRST_PHASE));
    heapAfterFirstPhase = heapUsedAfterGc();
    afterFirstPhase = sut.get("/metrics").body();
    load(projects.subList(FIRST_PHASE, PROJECTS));
    long loadNanos = System.nanoTime() - startNanos;
    long loadCpu = processCpuNanos() - startCpu;
    heapAfterAll = heapUsedAfterGc();
    afterAll = sut.get("/metrics").body();
    int requests = PROJECTS * OPERATIONS.size();
    System.out.printf(
        "cardinality: %,d requests in %.1f s, %.0f µs of CPU each (service, clients and GC)%n",
        requests, loadNanos / 1e9, loadCpu / 1e3 / requests);
    System.out.printf(
        "cardinality: /metrics %,d bytes after %,d projects, %,d bytes after %,d; heap %,d -> %,d"
            + " bytes; series %s%n",
        afterFirstPhase.getBytes(StandardCharsets.UTF_8).length,
        FIRST_PHASE,
        afterAll.getBytes(StandardCharsets.UTF_8).length,
        PROJECTS,
        heapAfterFirstPhase,
        heapAfterAll,
        seriesPerInstrument(PrometheusText.parse(afterAll)));
  }

  @AfterAll
  static void stop() {
    SDK_LOGGER.removeHandler(SDK_WARNINGS);
    if (sut != null) {
      sut.close();
    }
  }

  /**
   * Every operation once for every project, from {@link #CLIENTS} clients at once, each on its own
   * keep-alive connection.
   */
  static void load(List<UUID> projects) throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      Thread client =
          new Thread(
              () -> {
                try (KeepAliveHttp http = new KeepAliveHttp(sut.service.port())) {
                  for (int i = next.getAndIncrement();
                      i < projects.size();
                      i = next.getAndIncrement()) {
                    for (String operation : OPERATIONS) {
                      runOnce(http, projects.get(i), operation, failures);
                    }
                  }
                }
              },
              "cardinality-client-" + c);
      client.setUncaughtExceptionHandler((t, e) -> failures.add(t.getName() + ": " + e));
      client.start();
      clients.add(client);
    }
    for (Thread client : clients) {
      client.join();
    }
    assertThat(failures).as("answers other than 200").isEmpty();
  }

  static void runOnce(
      KeepAliveHttp http, UUID project, String operation, ConcurrentLinkedQueue<String> failures) {
    String body =
        "{\"operation\": \""
            + operation
            + "\", \"count\": 1, \"key_prefix\": \""
            + operation.toLowerCase(java.util.Locale.ROOT)
            + "\", \"project_id\": \""
            + project
            + "\"}";
    for (int attempt = 0; ; attempt++) {
      ServiceUnderTest.Answer answer = http.post("/test/redis/operations/basic", body);
      if (answer.status() == 429 && attempt < 100) {
        continue; // a permit was briefly taken by another client: not what this test is about
      }
      if (answer.status() != 200) {
        if (unexpected.incrementAndGet() <= 5) {
          failures.add(answer.status() + " " + answer.body());
        }
        return;
      }
      var json = answer.json();
      executed.get(operation).add(json.get("operations_executed").asLong());
      failed.add(json.get("failed").asLong());
      if (CACHE_READS.contains(operation)) {
        reads.add(json.path("hits").asLong(0) + json.path("misses").asLong(0));
      }
      return;
    }
  }

  /** The CPU time of this process (the service and its clients run in it), or 0 if unknown. */
  static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : 0;
  }

  static long heapUsedAfterGc() {
    var memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  /** The number of series of each Redlens client instrument. */
  static Map<String, Integer> seriesPerInstrument(PrometheusText metrics) {
    Map<String, Integer> series = new TreeMap<>();
    for (String name : List.of(DURATION_COUNT, CACHE_REQUESTS, ERRORS, SLOW, HIT_RATIO)) {
      series.put(name, (int) metrics.samples().stream().filter(s -> s.name().equals(name)).count());
    }
    return series;
  }

  @Test
  void metricsStayUnderFiveMegabytes() {
    assertThat((long) afterAll.getBytes(StandardCharsets.UTF_8).length).isLessThan(FIVE_MB);
  }

  @Test
  void noInstrumentComesNearTheSdksDefaultLimit() {
    assertThat(afterAll.contains("otel_metric_overflow"))
        .as("an otel_metric_overflow series")
        .isFalse();
    assertThat(seriesPerInstrument(PrometheusText.parse(afterAll)))
        .allSatisfy((name, count) -> assertThat(count).as(name).isLessThan(2_000));
  }

  @Test
  void theSdkNeverWarnsOfOverflow() {
    assertThat(SDK_WARNINGS.messages).isEmpty();
  }

  @Test
  void seriesDoNotGrowPastTheFirstProjects() {
    // every bound is reached within the first quarter of the projects: the rest add no series
    // (slow operations, which depend on the machine's load, and the windowed hit ratio aside)
    assertThat(afterAll.getBytes(StandardCharsets.UTF_8).length)
        .isLessThan(afterFirstPhase.getBytes(StandardCharsets.UTF_8).length + 64 * 1024);
    Map<String, Integer> first = seriesPerInstrument(PrometheusText.parse(afterFirstPhase));
    Map<String, Integer> all = seriesPerInstrument(PrometheusText.parse(afterAll));
    for (String name : List.of(DURATION_COUNT, CACHE_REQUESTS, ERRORS)) {
      assertThat(all.get(name)).as(name).isEqualTo(first.get(name));
    }
  }

  @Test
  void heapStaysFlat() {
    assertThat(heapAfterAll - heapAfterFirstPhase)
        .as("heap growth over the last three quarters of the projects")
        .isLessThan(32L * 1024 * 1024);
  }

  @Test
  void totalsAreExact() {
    PrometheusText after = PrometheusText.parse(afterAll);
    for (String operation : OPERATIONS) {
      double issued = executed.get(operation).sum();
      assertThat(issued).as(operation).isEqualTo(PROJECTS);
      double recorded =
          after.sum(DURATION_COUNT, Map.of("db_operation_name", operation))
              - before.sum(DURATION_COUNT, Map.of("db_operation_name", operation));
      if (operation.equals("PING")) {
        // the service's own health check pings too (unscoped)
        assertThat(recorded).as(operation).isGreaterThanOrEqualTo(issued);
      } else {
        assertThat(recorded).as(operation).isEqualTo(issued);
      }
    }
    assertThat(after.sum(ERRORS, Map.of()) - before.sum(ERRORS, Map.of()))
        .as("errors")
        .isEqualTo((double) failed.sum());
    assertThat(reads.sum()).isPositive();
    assertThat(after.sum(CACHE_REQUESTS, Map.of()) - before.sum(CACHE_REQUESTS, Map.of()))
        .as("cache requests")
        .isEqualTo((double) reads.sum());
  }

  /** The SDK's own warnings about metrics (overflow of the cardinality limit among them). */
  static final class SdkWarnings extends Handler {
    final ConcurrentLinkedQueue<String> messages = new ConcurrentLinkedQueue<>();

    SdkWarnings() {
      setLevel(Level.WARNING);
    }

    @Override
    public void publish(LogRecord record) {
      if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
        messages.add(record.getLoggerName() + ": " + record.getMessage());
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
