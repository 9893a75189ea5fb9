package dev.redlens.project.internal.jedis;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.core.instrumentation.ClientScope;
import dev.redlens.core.instrumentation.OnceLogger;
import dev.redlens.project.KeyspaceRewriter;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;

/**
 * What the scoped connections of one Jedis client share: the project's rewriter and, when the
 * keyspace has a telemetry, the project's telemetry scope (server, port and database of the
 * client's configuration, with {@code redlens.project.id}), built once per client. Thread-safe.
 */
public final class JedisScope {

  private static final OnceLogger LOG = new OnceLogger(JedisScope.class);

  private final KeyspaceRewriter rewriter;
  private final ClientScope telemetry;

  private JedisScope(KeyspaceRewriter rewriter, ClientScope telemetry) {
    this.rewriter = rewriter;
    this.telemetry = telemetry;
  }

  /**
   * @param telemetry the telemetry to record the project's commands with, or null for none
   */
  public static JedisScope create(
      KeyspaceRewriter rewriter,
      RedisTelemetry telemetry,
      HostAndPort server,
      JedisClientConfig config) {
    ClientScope scope =
        telemetry == null
            ? null
            : telemetry
                .scope(server.getHost(), server.getPort(), config.getDatabase())
                .withProject(rewriter.projectId());
    return new JedisScope(rewriter, scope);
  }

  KeyspaceRewriter rewriter() {
    return rewriter;
  }

  /** The project's telemetry scope, or null. */
  ClientScope telemetry() {
    return telemetry;
  }

  void warnFailure(Throwable e) {
    LOG.warnOnce("record", "Redlens could not record a scoped Jedis command", e);
  }
}
