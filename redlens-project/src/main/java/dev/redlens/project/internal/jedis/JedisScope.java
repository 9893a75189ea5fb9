package dev.redlens.project.internal.jedis;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.core.instrumentation.ClientScope;
import dev.redlens.project.KeyspaceRewriter;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;

/**
 * What the scoped connections of one Jedis client share: the project's rewriter and, when the
 * keyspace has a telemetry, the project's telemetry scope (server, port and database of the
 * client's configuration, with {@code redlens.project.id}), built once per client. Thread-safe.
 */
public final class JedisScope {

  private static final Logger LOG = Logger.getLogger(JedisScope.class.getName());

  private final KeyspaceRewriter rewriter;
  private final ClientScope telemetry;
  private final AtomicBoolean warned = new AtomicBoolean();

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
    if (warned.compareAndSet(false, true)) {
      LOG.log(Level.WARNING, "Redlens could not record a scoped Jedis command (logged once)", e);
    }
  }
}
