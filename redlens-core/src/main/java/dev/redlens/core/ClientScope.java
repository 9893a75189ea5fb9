package dev.redlens.core;

import static dev.redlens.core.RedlensSemconv.*;

import dev.redlens.core.catalog.CommandArguments;
import dev.redlens.core.catalog.CommandCategory;
import dev.redlens.core.catalog.CommandSpec;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.context.Context;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where commands go and on whose behalf: the server ({@code server.address}, {@code server.port}),
 * the database ({@code db.namespace}) and optionally the project ({@code redlens.project.id}). An
 * integration creates one per server (or connection) with {@link RedisTelemetry#scope} and starts
 * every command through it; the scope caches the attribute sets of each command, so starting a
 * command only looks them up. Thread-safe; its memory is bounded by the number of distinct command
 * names.
 */
public final class ClientScope {

  final RedisTelemetry telemetry;
  final String address;
  final int port;
  final String namespace;
  final String projectId;
  final String metricProjectId;
  final ReplyInspector replyInspector;
  private final ConcurrentHashMap<String, CommandBinding> bindings = new ConcurrentHashMap<>();

  ClientScope(
      RedisTelemetry telemetry,
      String address,
      int port,
      String namespace,
      String projectId,
      ReplyInspector replyInspector) {
    this.telemetry = telemetry;
    this.address = address;
    this.port = port;
    this.namespace = namespace;
    this.projectId = projectId;
    this.metricProjectId = projectId == null ? null : telemetry.projects.limit(projectId);
    this.replyInspector = replyInspector;
  }

  /**
   * The same server and database on behalf of one project: its telemetry carries {@code
   * redlens.project.id} (on metrics bounded to the configured number of projects, the rest as
   * {@code _other}).
   */
  public ClientScope withProject(String projectId) {
    Objects.requireNonNull(projectId, "projectId");
    return new ClientScope(telemetry, address, port, namespace, projectId, replyInspector);
  }

  /** The same server and project, another database index ({@code SELECT}). */
  public ClientScope withDatabase(long database) {
    return new ClientScope(
        telemetry, address, port, Long.toString(database), projectId, replyInspector);
  }

  /**
   * The same scope with the client's notion of a nil reply, for cache hit/miss detection (Lettuce
   * wraps values of multi-key reads in {@code KeyValue}s, Jedis uses {@code null}).
   */
  public ClientScope withReplyInspector(ReplyInspector inspector) {
    Objects.requireNonNull(inspector, "inspector");
    return new ClientScope(telemetry, address, port, namespace, projectId, inspector);
  }

  /** The server address, or null when unknown. */
  public String serverAddress() {
    return address;
  }

  /** The server port, or -1 when unknown. */
  public int serverPort() {
    return port;
  }

  /** The project id, or null when unscoped. */
  public String projectId() {
    return projectId;
  }

  /**
   * Starts a command sent by the current thread: its span's parent is {@link Context#current()}.
   *
   * @param command the command name as sent ({@code GET}, {@code client}); subcommands are taken
   *     from {@code args}
   * @param args the arguments after the name, read lazily (only for a recording span and for
   *     subcommands)
   */
  public RedisOperation start(String command, CommandArguments args) {
    return start(command, args, Context.current());
  }

  /** Starts a command whose span's parent is {@code parent}. Never throws. */
  public RedisOperation start(String command, CommandArguments args, Context parent) {
    CommandBinding binding;
    try {
      binding = binding(command, args);
    } catch (RuntimeException e) {
      telemetry.degraded(
          "resolve", "Redlens could not resolve a command; it is recorded as _other", e);
      binding = binding(null, OVERFLOW_VALUE);
    }
    return telemetry.start(this, binding, args, parent);
  }

  /**
   * Starts a custom operation (the specification's {@code trace_operation}): a span named {@code
   * name} and the client metrics, around any block of code. Category {@code other} unless {@code
   * name} is a command.
   */
  public RedisOperation startCustom(String name) {
    return start(name, CommandArguments.EMPTY);
  }

  /**
   * Counts a cluster redirection ({@code MOVED} or {@code ASK}, see {@link
   * RedlensSemconv#REDIRECTION_MOVED}) that this scope's server answered: {@code
   * redis.client.cluster.redirections}. Never throws.
   */
  public void recordRedirection(String kind) {
    try {
      AttributesBuilder attributes =
          io.opentelemetry.api.common.Attributes.builder().put(REDIS_CLUSTER_REDIRECTION, kind);
      if (address != null) {
        attributes.put(SERVER_ADDRESS, address);
      }
      if (port > 0) {
        attributes.put(SERVER_PORT, (long) port);
      }
      telemetry.recordRedirection(attributes.build());
    } catch (RuntimeException e) {
      telemetry.degraded("redirection", "Redlens could not count a cluster redirection", e);
    }
  }

  /** The binding of an operation of another scope's command in this scope (a redirection). */
  CommandBinding rebind(CommandBinding other) {
    CommandBinding binding = bindings.get(other.operationName);
    return binding != null && binding.spec == other.spec
        ? binding
        : binding(other.spec, other.operationName);
  }

  CommandBinding binding(String command, CommandArguments args) {
    CommandSpec spec = telemetry.catalog.resolve(command, args);
    if (spec != null) {
      CommandBinding binding = bindings.get(spec.name());
      return binding != null && binding.spec == spec ? binding : binding(spec, spec.name());
    }
    String name = telemetry.unknownCommands.limit(command.toUpperCase(Locale.ROOT));
    CommandBinding binding = bindings.get(name);
    return binding != null ? binding : binding(null, name);
  }

  private CommandBinding binding(CommandSpec spec, String name) {
    CommandCategory category = spec == null ? CommandCategory.OTHER : spec.category();
    CommandBinding binding =
        new CommandBinding(
            this,
            spec,
            name,
            category,
            telemetry.statistics.command(name, category, metricProjectId));
    bindings.put(name, binding);
    return binding;
  }

  void putServer(AttributesBuilder builder) {
    if (namespace != null) {
      builder.put(DB_NAMESPACE, namespace);
    }
    if (address != null) {
      builder.put(SERVER_ADDRESS, address);
    }
    if (port > 0) {
      builder.put(SERVER_PORT, (long) port);
    }
  }
}
