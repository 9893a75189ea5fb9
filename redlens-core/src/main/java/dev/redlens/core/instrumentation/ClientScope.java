package dev.redlens.core.instrumentation;

import dev.redlens.core.catalog.CommandArguments;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.context.Context;

/**
 * Where commands go and on whose behalf: the server ({@code server.address}, {@code server.port}),
 * the database ({@code db.namespace}) and optionally the project ({@code redlens.project.id}). An
 * integration gets one per server (or connection) from {@code RedisTelemetry.scope} and starts
 * every command through it; the scope caches the attribute sets of each command, so starting a
 * command only looks them up. Thread-safe; its memory is bounded by the number of distinct command
 * names.
 *
 * <p>Integrations call this interface; Redlens implements it (an integration never does).
 */
public interface ClientScope {

  /**
   * The same server and database on behalf of one project: its telemetry carries {@code
   * redlens.project.id} (on metrics bounded to the configured number of projects, the rest as
   * {@code _other}).
   */
  ClientScope withProject(String projectId);

  /** The same server and project, another database index ({@code SELECT}). */
  ClientScope withDatabase(long database);

  /**
   * The same scope with the client's notion of a nil reply, for cache hit/miss detection (Lettuce
   * wraps values of multi-key reads in {@code KeyValue}s, Jedis uses {@code null}).
   */
  ClientScope withReplyInspector(ReplyInspector inspector);

  /** The server address, or null when unknown. */
  String serverAddress();

  /** The server port, or -1 when unknown. */
  int serverPort();

  /** The project id, or null when unscoped. */
  String projectId();

  /**
   * Starts a command sent by the current thread: its span's parent is {@link Context#current()}.
   * Never throws.
   *
   * @param command the command name as sent ({@code GET}, {@code client}); subcommands are taken
   *     from {@code args}
   * @param args the arguments after the name, read lazily (only for a recording span and for
   *     subcommands) and only while this method runs, never kept: an integration may reuse one
   *     adapter for the commands of a connection
   */
  default RedisOperation start(String command, CommandArguments args) {
    return start(command, args, null);
  }

  /**
   * Starts a command whose span's parent is {@code parent}; null: {@link Context#current()}, looked
   * up only if a span may be started (not when tracing is off or the SDK's sampler drops every
   * span). Never throws.
   */
  default RedisOperation start(String command, CommandArguments args, Context parent) {
    return start(command, args, parent, Attributes.empty());
  }

  /**
   * Starts a command written to a connection described by {@code connection}: attributes of that
   * connection alone ({@code network.peer.address}, {@code network.peer.port}), set on the span
   * when it starts and never on metrics. An integration builds them once per connection, so that a
   * recording span gets them in one step with the command's own. Never throws.
   */
  RedisOperation start(
      String command, CommandArguments args, Context parent, Attributes connection);

  /**
   * Starts a custom operation (the specification's {@code trace_operation}): a span named {@code
   * name} and the client metrics, around any block of code. Category {@code other} unless {@code
   * name} is a command.
   */
  default RedisOperation startCustom(String name) {
    return start(name, CommandArguments.EMPTY);
  }

  /**
   * Counts a cluster redirection ({@code MOVED} or {@code ASK}: {@code RedlensSemconv
   * .REDIRECTION_MOVED}, {@code REDIRECTION_ASK}) that this scope's server answered: {@code
   * redis.client.cluster.redirections} with {@code redis.cluster.redirection} and the server. Never
   * throws.
   */
  void recordRedirection(String kind);
}
