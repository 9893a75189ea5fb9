package dev.redlens.project.internal.lettuce;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.core.instrumentation.ClientScope;
import dev.redlens.core.instrumentation.OnceLogger;
import dev.redlens.lettuce.LettuceTelemetry;
import dev.redlens.project.rewrite.KeyspaceRewriter;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;

/**
 * The project's scoping for Lettuce connections: its rewriter and, when the keyspace has a
 * telemetry, the project's scope for the commands it refuses (they never reach a server). The
 * commands it sends are recorded by Redlens's Lettuce hook, with {@code redlens.project.id}, when
 * the client's resources are observed ({@code LettuceTelemetry#configure}): on the node and
 * database that served them, once each.
 */
public final class LettuceScope {

  private static final OnceLogger LOG = new OnceLogger(LettuceScope.class);

  private final KeyspaceRewriter rewriter;
  private final ClientScope refusals;

  private LettuceScope(KeyspaceRewriter rewriter, ClientScope refusals) {
    this.rewriter = rewriter;
    this.refusals = refusals;
  }

  /**
   * @param telemetry the telemetry to record the project's refused commands with, or null for none
   * @param server the server the connections go to (server.address, server.port, db.namespace of
   *     refused commands), or null when unknown
   */
  public static LettuceScope create(
      KeyspaceRewriter rewriter, RedisTelemetry telemetry, RedisURI server) {
    if (telemetry == null) {
      return new LettuceScope(rewriter, null);
    }
    ClientScope scope =
        server == null
            ? telemetry.scope(null, -1, 0)
            : telemetry.scope(
                server.getSocket() != null ? server.getSocket() : server.getHost(),
                server.getSocket() != null ? -1 : server.getPort(),
                server.getDatabase());
    return new LettuceScope(rewriter, scope.withProject(rewriter.projectId()));
  }

  <K, V> LettuceScoping<K, V> scoping(StatefulRedisConnection<K, V> delegate) {
    if (refusals != null) {
      warnIfUnobserved(delegate.getResources());
    }
    return new LettuceScoping<>(rewriter, delegate.getCodec(), delegate, refusals);
  }

  private static void warnIfUnobserved(ClientResources resources) {
    if (!LettuceTelemetry.observes(resources)) {
      LOG.warnOnce(
          "unobserved",
          "A project-scoped Lettuce connection has a telemetry but its client's ClientResources are"
              + " not configured by LettuceTelemetry#configure: its commands are not recorded",
          null);
    }
  }
}
