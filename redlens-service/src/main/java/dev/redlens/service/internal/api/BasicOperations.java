package dev.redlens.service.internal.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.redlens.core.RedlensSemconv;
import dev.redlens.core.TelemetrySnapshot;
import dev.redlens.project.ProjectKeyspace;
import dev.redlens.service.internal.runtime.ServiceParts;
import dev.redlens.service.internal.telemetry.RequestTally;
import io.lettuce.core.RedisCommandExecutionException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code POST /test/redis/operations/basic}: {@code count} times one operation (or SET, GET, DEL
 * for {@code MIXED}) on the project's keys, with what it measured next to what the instrumentation
 * recorded for this request.
 */
final class BasicOperations implements Endpoint.Load<BasicOperations.Input> {

  static final Pattern KEY_PREFIX = Pattern.compile("^[A-Za-z0-9_.:-]{1,64}$");
  static final int MAX_COUNT = 10_000;

  private final ServiceParts parts;
  private final RecentSnapshot lifetimeStatistics;

  BasicOperations(ServiceParts parts) {
    this.parts = parts;
    this.lifetimeStatistics = new RecentSnapshot(parts.redisTelemetry());
  }

  record Input(String operation, String keyPrefix, int count, UUID projectId) {}

  /** What the instrumentation recorded for one command of the request. */
  record CommandRecord(String category, long recorded, long errors, Figures.LatencyMs latencyMs) {}

  record Instrumentation(
      String traceId,
      long spansCreated,
      Long operationsRecorded,
      Long errorsRecorded,
      Map<String, CommandRecord> commands,
      String spanName,
      String metric) {}

  record Response(
      String projectId,
      String operation,
      List<String> commands,
      int count,
      long operationsExecuted,
      long succeeded,
      long failed,
      Map<String, Long> errorsByStatus,
      String firstError,
      @JsonInclude(JsonInclude.Include.NON_NULL) Long hits,
      @JsonInclude(JsonInclude.Include.NON_NULL) Long misses,
      double durationMs,
      double opsPerSecond,
      String keyPattern,
      Instrumentation instrumentation) {}

  @Override
  public Set<String> fields() {
    return Set.of("operation", "key_prefix", "count", "project_id");
  }

  @Override
  public Input parse(JsonBody body) {
    return new Input(
        body.choice("operation", null, Operations.BASIC_OPERATIONS),
        body.string(
            "key_prefix",
            "test",
            KEY_PREFIX,
            "must be 1 to 64 characters among letters, digits and _ . : -"),
        body.integer("count", 100, 1, MAX_COUNT),
        body.projectId());
  }

  @Override
  public UUID project(Input input) {
    return input.projectId();
  }

  private static final class Tally {
    long succeeded;
    long failed;
    long hits;
    long misses;
    String firstError;
    final Map<String, Long> errors = new TreeMap<>();
  }

  @Override
  public Object run(Input in, Exchange exchange) {
    ProjectKeyspace keyspace = parts.connector().keyspace(in.projectId());
    List<String> commands =
        in.operation().equals("MIXED") ? List.of("SET", "GET", "DEL") : List.of(in.operation());
    long start = System.nanoTime();
    Tally tally =
        parts.connector().withProjectCommands(keyspace, redis -> run(redis, in, commands));
    long nanos = System.nanoTime() - start;
    RequestTally.Recorded recorded = exchange.recorded();
    TelemetrySnapshot lifetime = lifetimeStatistics.covering(commands);

    Map<String, CommandRecord> perCommand = new LinkedHashMap<>();
    for (String command : commands) {
      perCommand.put(
          command,
          new CommandRecord(
              Figures.category(lifetime.command(command)),
              recorded == null ? 0 : recorded.count(command),
              recorded == null ? 0 : recorded.errors(command),
              Figures.latency(lifetime.command(command))));
    }
    long executed = tally.succeeded + tally.failed;
    boolean reads = tally.hits + tally.misses > 0;
    return new Response(
        in.projectId().toString(),
        in.operation(),
        commands,
        in.count(),
        executed,
        tally.succeeded,
        tally.failed,
        tally.errors,
        tally.firstError,
        reads ? tally.hits : null,
        reads ? tally.misses : null,
        Figures.millis(nanos),
        Figures.rate(executed, nanos),
        keyspace.keyPrefix() + in.keyPrefix() + ":*",
        new Instrumentation(
            exchange.traceId(),
            exchange.spansCreated(),
            recorded == null ? null : commands.stream().mapToLong(recorded::count).sum(),
            recorded == null ? null : commands.stream().mapToLong(recorded::errors).sum(),
            perCommand,
            commands.get(0),
            RedlensSemconv.METRIC_OPERATION_DURATION));
  }

  private static Tally run(
      io.lettuce.core.api.sync.RedisCommands<String, String> redis,
      Input in,
      List<String> commands) {
    Tally t = new Tally();
    for (int i = 0; i < in.count(); i++) {
      String key = in.keyPrefix() + ":" + i;
      for (String command : commands) {
        try {
          Boolean hit = Operations.runBasic(redis, command, key, i);
          t.succeeded++;
          if (hit != null) {
            if (hit) t.hits++;
            else t.misses++;
          }
        } catch (RedisCommandExecutionException e) {
          if (String.valueOf(e.getMessage()).startsWith("NOAUTH")) {
            throw e; // not this command's failure: the service lost its login (503)
          }
          t.failed++;
          t.errors.merge(errorPrefix(e.getMessage()), 1L, Long::sum);
          if (t.firstError == null) t.firstError = e.getMessage();
        }
      }
    }
    return t;
  }

  private static String errorPrefix(String message) {
    if (message == null || message.isBlank()) return "ERR";
    int space = message.indexOf(' ');
    return space < 0 ? message : message.substring(0, space);
  }
}
