package dev.redlens.info;

import static dev.redlens.info.ServerMetricNames.*;

import dev.redlens.info.internal.InstrumentKind;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.BatchCallback;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.api.metrics.ObservableMeasurement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Every server-metric instrument, registered once, observed by one batch callback that reads each
 * node's last poll. A node whose last poll failed contributes no server points (absent, not zero);
 * its poll-failure counter is still reported.
 */
final class ServerInstruments implements AutoCloseable {
  private static final double MICROS_PER_SECOND = 1_000_000.0;

  private final Supplier<? extends List<? extends ObservedNode>> nodes;
  private final List<ObservableLongMeasurement> longs = new ArrayList<>();
  private final List<ObservableDoubleMeasurement> doubles = new ArrayList<>();
  private final ObservableDoubleMeasurement cpuTime;
  private final ObservableLongMeasurement dbKeys;
  private final ObservableLongMeasurement dbExpires;
  private final ObservableLongMeasurement dbAvgTtl;
  private final ObservableLongMeasurement cmdCalls;
  private final ObservableLongMeasurement cmdUsec;
  private final ObservableLongMeasurement cmdFailed;
  private final ObservableLongMeasurement cmdRejected;
  private final ObservableDoubleMeasurement cmdLatency;
  private final ObservableLongMeasurement errors;
  private final ObservableLongMeasurement role;
  private final ObservableLongMeasurement mode;
  private final ObservableLongMeasurement serverInfo;
  private final ObservableLongMeasurement clusterState;
  private final ObservableLongMeasurement masterLinkUp;
  private final ObservableLongMeasurement replicaLag;
  private final ObservableLongMeasurement replicaOffset;
  private final ObservableLongMeasurement pollFailures;
  private final BatchCallback callback;

  /** Registers every instrument on {@code meter} and observes {@code nodes}. */
  public ServerInstruments(Meter meter, List<? extends ObservedNode> nodes) {
    this(meter, () -> nodes);
  }

  /**
   * Registers every instrument on {@code meter} and observes the nodes {@code nodes} lists at each
   * collection: a node no longer listed gives no point any more, so its series disappear.
   */
  public ServerInstruments(Meter meter, Supplier<? extends List<? extends ObservedNode>> nodes) {
    this.nodes = nodes;
    List<ObservableMeasurement> all = new ArrayList<>();
    for (ScalarMetrics.LongMetric m : ScalarMetrics.LONGS) {
      longs.add(m.kind().longObserver(meter, m.name(), m.unit(), m.description()));
    }
    for (ScalarMetrics.DoubleMetric m : ScalarMetrics.DOUBLES) {
      doubles.add(m.kind().doubleObserver(meter, m.name(), m.unit(), m.description()));
    }
    all.addAll(longs);
    all.addAll(doubles);
    cpuTime =
        add(
            all,
            InstrumentKind.COUNTER.doubleObserver(
                meter,
                CPU_TIME,
                UNIT_SECONDS,
                "CPU consumed by the Redis server in seconds since server start"));
    dbKeys =
        add(
            all,
            InstrumentKind.GAUGE.longObserver(meter, DB_KEYS, "{key}", "Number of keyspace keys"));
    dbExpires =
        add(
            all,
            InstrumentKind.GAUGE.longObserver(
                meter, DB_EXPIRES, "{key}", "Number of keyspace keys with an expiration"));
    dbAvgTtl =
        add(
            all,
            InstrumentKind.GAUGE.longObserver(
                meter, DB_AVG_TTL, UNIT_MILLISECONDS, "Average keyspace keys TTL"));
    cmdCalls =
        add(
            all,
            InstrumentKind.COUNTER.longObserver(
                meter, CMD_CALLS, "{call}", "Total number of calls for a command"));
    cmdUsec =
        add(
            all,
            InstrumentKind.COUNTER.longObserver(
                meter,
                CMD_USEC,
                UNIT_MICROSECONDS,
                "Total time for all executions of this command"));
    cmdFailed =
        add(
            all,
            InstrumentKind.COUNTER.longObserver(
                meter,
                CMD_FAILED_CALLS,
                "{call}",
                "Calls of a command that ran and replied with an error"));
    cmdRejected =
        add(
            all,
            InstrumentKind.COUNTER.longObserver(
                meter,
                CMD_REJECTED_CALLS,
                "{call}",
                "Calls of a command refused before running (ACL, OOM, arity, ...)"));
    cmdLatency =
        add(
            all,
            InstrumentKind.GAUGE.doubleObserver(
                meter, CMD_LATENCY, UNIT_SECONDS, "Command execution latency"));
    errors =
        add(
            all,
            InstrumentKind.COUNTER.longObserver(
                meter, ERRORS, "{error}", "Error replies by error prefix (errorstats)"));
    role =
        add(
            all,
            InstrumentKind.UP_DOWN_COUNTER.longObserver(
                meter, ROLE, "{role}", "Redis node's role"));
    mode = add(all, InstrumentKind.GAUGE.longObserver(meter, MODE, "{mode}", "Redis server mode"));
    serverInfo =
        add(
            all,
            InstrumentKind.GAUGE.longObserver(
                meter,
                SERVER_INFO,
                UNIT_ONE,
                "Always 1; the server's version, mode, role, maxmemory policy and allocator as attributes"));
    clusterState =
        add(
            all,
            InstrumentKind.GAUGE.longObserver(
                meter, CLUSTER_STATE, "{state}", "Cluster state: 1 when ok, 0 otherwise"));
    masterLinkUp =
        add(
            all,
            InstrumentKind.GAUGE.longObserver(
                meter,
                REPLICATION_MASTER_LINK_UP,
                UNIT_ONE,
                "Whether a replica's link to its primary is up (1) or down (0)"));
    replicaLag =
        add(
            all,
            InstrumentKind.GAUGE.longObserver(
                meter,
                REPLICATION_CONNECTED_REPLICA_LAG,
                UNIT_SECONDS,
                "Seconds since a connected replica last acknowledged, as its primary sees it"));
    replicaOffset =
        add(
            all,
            InstrumentKind.GAUGE.longObserver(
                meter,
                REPLICATION_CONNECTED_REPLICA_OFFSET,
                UNIT_BYTES,
                "Replication offset acknowledged by a connected replica"));
    pollFailures =
        add(
            all,
            InstrumentKind.COUNTER.longObserver(
                meter, POLL_FAILURES, "{failure}", "Failed INFO polls of a node by error type"));
    callback =
        meter.batchCallback(
            this::observeAll,
            all.get(0),
            all.subList(1, all.size()).toArray(new ObservableMeasurement[0]));
  }

  @Override
  public void close() {
    callback.close();
  }

  private static <T extends ObservableMeasurement> T add(
      List<ObservableMeasurement> all, T measurement) {
    all.add(measurement);
    return measurement;
  }

  private void observeAll() {
    for (ObservedNode node : nodes.get()) {
      NodeStatus status = node.status();
      Attributes base = baseAttributes(status);
      node.failuresByType()
          .forEach(
              (type, count) ->
                  pollFailures.record(count.get(), base.toBuilder().put(ERROR_TYPE, type).build()));
      if (status.isUp()) {
        try {
          observe(status, base);
        } catch (RuntimeException e) {
          // a reading bug must not break the collection of every other metric
          System.getLogger(ServerInstruments.class.getName())
              .log(System.Logger.Level.DEBUG, "Cannot observe " + status.uri(), e);
        }
      }
    }
  }

  private void observe(NodeStatus status, Attributes base) {
    InfoSnapshot info = status.lastSnapshot();
    for (int i = 0; i < longs.size(); i++) {
      OptionalLong value = ScalarMetrics.LONGS.get(i).read().apply(status);
      if (value.isPresent()) {
        longs.get(i).record(value.getAsLong(), base);
      }
    }
    for (int i = 0; i < doubles.size(); i++) {
      OptionalDouble value = ScalarMetrics.DOUBLES.get(i).read().apply(status);
      if (value.isPresent()) {
        doubles.get(i).record(value.getAsDouble(), base);
      }
    }
    info.cpu()
        .secondsByState()
        .forEach((state, seconds) -> cpuTime.record(seconds, with(base).put(STATE, state).build()));
    info.keyspace()
        .forEach(
            (db, keyspace) -> {
              Attributes attributes = with(base).put(DB, Integer.toString(db)).build();
              record(dbKeys, keyspace.keys(), attributes);
              record(dbExpires, keyspace.expires(), attributes);
              record(dbAvgTtl, keyspace.avgTtlMillis(), attributes);
            });
    info.commandStats()
        .forEach(
            (command, stats) -> {
              Attributes attributes = with(base).put(CMD, command).build();
              record(cmdCalls, stats.calls(), attributes);
              record(cmdUsec, stats.usec(), attributes);
              record(cmdFailed, stats.failedCalls(), attributes);
              record(cmdRejected, stats.rejectedCalls(), attributes);
            });
    info.latencyStats()
        .forEach(
            (command, latency) ->
                latency
                    .percentiles()
                    .forEach(
                        (percentile, usec) ->
                            cmdLatency.record(
                                usec / MICROS_PER_SECOND,
                                with(base).put(CMD, command).put(PERCENTILE, percentile).build())));
    info.errorStats()
        .forEach(
            (prefix, count) -> errors.record(count, with(base).put(ERROR_PREFIX, prefix).build()));
    Optional<String> nodeRole = roleOf(info);
    nodeRole.ifPresent(r -> role.record(1, with(base).put(ROLE_ATTRIBUTE, r).build()));
    info.server().mode().ifPresent(m -> mode.record(1, with(base).put(MODE_ATTRIBUTE, m).build()));
    serverInfo.record(1, serverInfoAttributes(info, base, nodeRole));
    observeReplication(info, base);
    ClusterInfo cluster = status.lastClusterInfo();
    if (cluster != null) {
      cluster
          .state()
          .ifPresent(
              state ->
                  clusterState.record(
                      state.equals("ok") ? 1 : 0,
                      with(base).put(CLUSTER_STATE_ATTRIBUTE, state).build()));
    }
  }

  private void observeReplication(InfoSnapshot info, Attributes base) {
    info.replication()
        .masterLinkStatus()
        .ifPresent(link -> masterLinkUp.record(link.equals("up") ? 1 : 0, base));
    for (ReplicaInfo replica : info.replication().replicas()) {
      AttributesBuilder builder = with(base);
      replica.ip().ifPresent(ip -> builder.put(REPLICA_ADDRESS, ip));
      replica.port().ifPresent(port -> builder.put(REPLICA_PORT, port));
      Attributes attributes = builder.build();
      record(replicaLag, replica.lagSeconds(), attributes);
      record(replicaOffset, replica.offset(), attributes);
    }
  }

  private static Attributes serverInfoAttributes(
      InfoSnapshot info, Attributes base, Optional<String> nodeRole) {
    AttributesBuilder builder = with(base);
    info.server().version().ifPresent(v -> builder.put(REDIS_VERSION, v));
    info.server().mode().ifPresent(m -> builder.put(REDIS_MODE, m));
    nodeRole.ifPresent(r -> builder.put(REDIS_ROLE, r));
    info.memory().maxMemoryPolicy().ifPresent(p -> builder.put(REDIS_MAXMEMORY_POLICY, p));
    info.memory().allocator().ifPresent(a -> builder.put(REDIS_MEM_ALLOCATOR, a));
    return builder.build();
  }

  /**
   * {@code role:master} is {@code primary} and {@code role:slave} is {@code replica}, as
   * redisreceiver names them.
   */
  private static Optional<String> roleOf(InfoSnapshot info) {
    return info.replication()
        .role()
        .map(
            r ->
                switch (r) {
                  case "master" -> "primary";
                  case "slave" -> "replica";
                  default -> r;
                });
  }

  private static Attributes baseAttributes(NodeStatus status) {
    AttributesBuilder builder = Attributes.builder().put(SERVER_ADDRESS, status.address());
    if (status.port() >= 0) {
      builder.put(SERVER_PORT, (long) status.port());
    }
    return builder.build();
  }

  private static AttributesBuilder with(Attributes base) {
    return base.toBuilder();
  }

  private static void record(
      ObservableLongMeasurement measurement, OptionalLong value, Attributes attributes) {
    if (value.isPresent()) {
      measurement.record(value.getAsLong(), attributes);
    }
  }
}
