package dev.redlens.project.internal.lettuce;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.core.instrumentation.ClientScope;
import dev.redlens.lettuce.internal.ClientEndpoint;
import dev.redlens.lettuce.internal.CommandLearner;
import dev.redlens.lettuce.internal.LettuceReplies;
import dev.redlens.lettuce.internal.TelemetryCommandListener;
import dev.redlens.project.KeyspaceRewriter;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * The project's scoping for the connections of one Lettuce client: its rewriter and, when the
 * keyspace has a telemetry, the project's telemetry scope ({@code redlens.project.id} on spans and
 * metrics) with Redlens's Lettuce command listener, notified for the commands of these connections
 * only.
 */
public final class LettuceScope {

  private final KeyspaceRewriter rewriter;
  private final ClientScope telemetry;
  private final TelemetryCommandListener listener;

  private LettuceScope(
      KeyspaceRewriter rewriter, ClientScope telemetry, TelemetryCommandListener listener) {
    this.rewriter = rewriter;
    this.telemetry = telemetry;
    this.listener = listener;
  }

  /**
   * @param client the client the connections come from (for the server attributes), or null
   * @param telemetry the telemetry to record the project's commands with, or null for none
   */
  public static LettuceScope create(
      KeyspaceRewriter rewriter, RedisTelemetry telemetry, RedisClient client) {
    return create(rewriter, telemetry, client, null);
  }

  /**
   * @param uri the server the connections go to (server.address, server.port, db.namespace), or
   *     null for the client's default URI
   */
  public static LettuceScope create(
      KeyspaceRewriter rewriter, RedisTelemetry telemetry, RedisClient client, RedisURI uri) {
    if (telemetry == null) {
      return new LettuceScope(rewriter, null, null);
    }
    if (uri == null && client != null) {
      uri = ClientEndpoint.defaultUri(client);
    }
    ClientScope scope =
        ClientEndpoint.scope(telemetry, uri)
            .withProject(rewriter.projectId())
            .withReplyInspector(LettuceReplies.INSPECTOR);
    return new LettuceScope(
        rewriter,
        scope,
        new TelemetryCommandListener(scope, new CommandLearner(client, telemetry.catalog())));
  }

  <K, V> LettuceScoping<K, V> scoping(StatefulRedisConnection<K, V> delegate) {
    return new LettuceScoping<>(rewriter, delegate.getCodec(), delegate, telemetry, listener);
  }
}
