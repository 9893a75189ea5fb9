package dev.redlens.lettuce.internal;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.core.instrumentation.ClientScope;
import dev.redlens.core.instrumentation.OnceLogger;
import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one {@code LettuceTelemetry#configure} installs in a {@code ClientResources}: a {@link
 * CommandObserver} at the end of every channel's pipeline (through {@link NettyCustomizer}), the
 * scopes of the nodes those channels reach (shared, so connections to one node share their cached
 * attribute sets), and the operations of commands in the middle of a cluster redirection.
 */
public final class LettuceHook implements NettyCustomizer {

  private static final OnceLogger LOG = new OnceLogger(LettuceHook.class);

  final RedisTelemetry telemetry;
  final boolean housekeeping;
  final CommandLearner learner;
  private final NettyCustomizer delegate;
  // weak keys: a command whose redirection is never written (its connection failed) leaves nothing
  private final Map<Object, ObservedCommand.Parked> redirected =
      Collections.synchronizedMap(new WeakHashMap<>());
  private final AtomicInteger redirectedCount = new AtomicInteger();
  private static final int MAX_PROJECT_SCOPES = 2_000;

  private final ConcurrentHashMap<String, ClientScope> scopes = new ConcurrentHashMap<>();
  // keyed by node scope (identity): node scopes are themselves cached in scopes
  private final ConcurrentHashMap<ClientScope, ConcurrentHashMap<String, ClientScope>>
      projectScopes = new ConcurrentHashMap<>();

  /**
   * @param housekeeping whether the client's own commands (handshake, topology refresh, {@code
   *     READONLY}) are recorded too (for debugging)
   * @param delegate the customizer the resources had, still called; may be null
   */
  public LettuceHook(RedisTelemetry telemetry, boolean housekeeping, NettyCustomizer delegate) {
    this.telemetry = telemetry;
    this.housekeeping = housekeeping;
    this.delegate = delegate;
    this.learner = new CommandLearner(telemetry.catalog());
  }

  @Override
  public void afterBootstrapInitialized(io.netty.bootstrap.Bootstrap bootstrap) {
    if (delegate != null) {
      delegate.afterBootstrapInitialized(bootstrap);
    }
  }

  @Override
  public void afterChannelInitialized(Channel channel) {
    if (delegate != null) {
      delegate.afterChannelInitialized(channel);
    }
    try {
      channel.pipeline().addLast(new CommandObserver(this));
    } catch (RuntimeException e) {
      warnOnce(e);
    }
  }

  /** The scope of one node and database; cached, bounded by nodes times databases in use. */
  ClientScope scope(String address, int port, long database) {
    String key = address + '\u0000' + port + '\u0000' + database;
    ClientScope scope = scopes.get(key);
    if (scope == null) {
      scope =
          scopes.computeIfAbsent(
              key,
              k ->
                  telemetry
                      .scope(address, port, database)
                      .withReplyInspector(LettuceReplies.INSPECTOR));
    }
    return scope;
  }

  /**
   * The scope of a node and database narrowed to a project; cached for up to {@value
   * #MAX_PROJECT_SCOPES} projects per node scope (beyond, built per command: correct, only slower).
   */
  ClientScope scope(ClientScope node, String projectId) {
    ConcurrentHashMap<String, ClientScope> byProject =
        projectScopes.computeIfAbsent(node, n -> new ConcurrentHashMap<>());
    ClientScope scope = byProject.get(projectId);
    if (scope == null) {
      scope = node.withProject(projectId);
      if (byProject.size() < MAX_PROJECT_SCOPES) {
        byProject.putIfAbsent(projectId, scope);
      }
    }
    return scope;
  }

  /** Parks the operation of a command being redirected until it is written to the next node. */
  void park(Object command, ObservedCommand.Parked parked) {
    redirected.put(command, parked);
    redirectedCount.incrementAndGet();
  }

  /**
   * The operation parked for {@code command}, removed; null when none (the common case, no lock).
   */
  ObservedCommand.Parked unpark(Object command) {
    if (redirectedCount.get() == 0) {
      return null;
    }
    ObservedCommand.Parked parked = redirected.remove(command);
    if (parked != null) {
      redirectedCount.decrementAndGet();
    }
    return parked;
  }

  void warnOnce(Throwable e) {
    LOG.warnOnce("record", "Redlens could not record a Lettuce command", e);
  }
}
