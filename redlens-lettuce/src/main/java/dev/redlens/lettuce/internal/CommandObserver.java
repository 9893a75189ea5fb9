package dev.redlens.lettuce.internal;

import static dev.redlens.core.RedlensSemconv.NETWORK_PEER_ADDRESS;
import static dev.redlens.core.RedlensSemconv.NETWORK_PEER_PORT;

import dev.redlens.core.instrumentation.ClientScope;
import dev.redlens.core.instrumentation.RedisOperation;
import dev.redlens.lettuce.spi.ProjectTagged;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.DecoratedCommand;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.protocol.TracedCommand;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.unix.DomainSocketAddress;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The Redlens end of one Lettuce channel (one connection to one node), last in its pipeline, so it
 * sees every command on its way to Lettuce's {@code CommandHandler}, on the event loop, when the
 * command is written to the connection. It starts the command's operation in the scope of the node
 * this channel is connected to and of the database the connection is on (tracked through {@code
 * SELECT}, the handshake's included), with the caller's context as parent ({@link CallerContext}),
 * and hands Lettuce an {@link ObservedCommand} that ends the operation before the caller is
 * completed. Commands the client sends on its own (handshake, topology refresh, {@code READONLY},
 * {@code ASKING}) pass unobserved unless housekeeping is requested.
 */
final class CommandObserver extends ChannelOutboundHandlerAdapter {

  private static final String SELECT = "SELECT";
  private static final String READONLY = "READONLY";
  private static final String TOPOLOGY_REQUEST = ".TimedAsyncCommand";

  final LettuceHook hook;
  private ClientScope scope;
  private String address;
  private int port = -1;
  private Attributes peer = Attributes.empty(); // network.peer.*, once connected
  private long database;
  private boolean inTransaction;
  private boolean subscribed;
  private boolean internal;
  private boolean applicationWritten;

  CommandObserver(LettuceHook hook) {
    this.hook = hook;
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise)
      throws Exception {
    Object out = msg;
    try {
      if (msg instanceof RedisCommand<?, ?, ?> command) {
        out = observe(ctx, command);
      } else if (msg instanceof Collection<?> batch) {
        List<Object> observed = new ArrayList<>(batch.size());
        for (Object element : batch) {
          observed.add(
              element instanceof RedisCommand<?, ?, ?> command ? observe(ctx, command) : element);
        }
        out = observed;
      }
    } catch (Throwable e) {
      hook.warnOnce(e);
    }
    ctx.write(out, promise);
  }

  private RedisCommand<?, ?, ?> observe(ChannelHandlerContext ctx, RedisCommand<?, ?, ?> command) {
    if (command instanceof ObservedCommand<?, ?, ?> resent) {
      // re-sent after a reconnect: the same operation, now on this connection
      resent.moveTo(this);
      return command;
    }
    ClientScope current = scope(ctx);
    if (Redirections.isClusterCommand(command)) {
      ObservedCommand.Parked redirected = hook.unpark(command);
      if (redirected != null) {
        // the node that answered MOVED or ASK passed it on to this one: the same operation
        return redirected.resume(command, this);
      }
    }
    CallerContext caller = null;
    String projectId = null;
    AsyncCommand<?, ?, ?> callerFuture = null;
    boolean topologyRequest = false;
    for (RedisCommand<?, ?, ?> c = command; c != null; ) {
      if (caller == null
          && c instanceof TracedCommand<?, ?, ?> traced
          && traced.getTraceContext() instanceof CallerContext context) {
        caller = context;
      }
      if (projectId == null && c instanceof ProjectTagged tagged) {
        projectId = tagged.redlensProjectId();
      }
      if (callerFuture == null && c instanceof AsyncCommand<?, ?, ?> future) {
        callerFuture = future;
        // an application's command is a plain AsyncCommand: only a subclass needs its name read
        topologyRequest =
            c.getClass() != AsyncCommand.class && c.getClass().getName().endsWith(TOPOLOGY_REQUEST);
      }
      c = c instanceof DecoratedCommand<?, ?, ?> decorated ? decorated.getDelegate() : null;
    }
    String name = command.getType().toString();
    boolean lookup = track(name, command);
    boolean housekeeping =
        caller == null
            || internal
            || lookup
            || caller.isHousekeeping()
            || topologyRequest
            || READONLY.equals(name);
    if (!housekeeping) {
      applicationWritten = true;
    } else if (!hook.housekeeping) {
      return command;
    }
    Context parent = caller == null ? Context.root() : caller.parent;
    ClientScope scope = projectId == null ? current : hook.scope(current, projectId);
    // one object per command: the wrapper is also the arguments and the caller's future's watcher
    ObservedCommand<?, ?, ?> observed = new ObservedCommand<>(untraced(command), this);
    RedisOperation operation = scope.start(name, observed, parent, peer);
    observed.observe(operation);
    if (callerFuture != null) {
      callerFuture.whenComplete(observed);
    }
    if (!operation.isKnownCommand()) {
      learn(ctx, name);
    }
    return observed;
  }

  /**
   * The command without Lettuce's {@code TracedCommand} when that is its outermost layer (the sync
   * and async APIs'): it only carried the caller's context here, which has been read, and every
   * call Lettuce makes on the command from here on (hashing it on the stack, encoding, decoding,
   * completing) would go through one layer more. The wrapper takes its place; Lettuce's {@code
   * CommandHandler}, the only one that would look for it, has tracing off ({@link
   * RedlensTracing#isEnabled()}). A {@code TracedCommand} inside another wrapper (a cluster's or a
   * reactive subscription's) stays.
   */
  private static <K, V, T> RedisCommand<K, V, T> untraced(RedisCommand<K, V, T> command) {
    return command instanceof TracedCommand<K, V, T> traced ? traced.getDelegate() : command;
  }

  /**
   * Asks the server about an unknown command on this connection, after the commands written so far
   * and only outside a transaction and pub/sub (where {@code COMMAND INFO} would be queued or
   * refused).
   */
  private void learn(ChannelHandlerContext ctx, String name) {
    ctx.channel()
        .eventLoop()
        .execute(
            () -> {
              if (!inTransaction && !subscribed) {
                hook.learner.learnOn(ctx.channel(), name);
              }
            });
  }

  /**
   * Tracks the connection state that commands written after this one depend on; returns whether
   * this command is a look-up of the client's own (housekeeping).
   */
  private boolean track(String name, RedisCommand<?, ?, ?> command) {
    switch (name) {
      case SELECT -> selected(command);
      case "MULTI" -> inTransaction = true;
      case "EXEC", "DISCARD" -> inTransaction = false;
      case "SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE" -> subscribed = true;
      case "CLIENT" -> internal |= isInternalName(command);
      case "SENTINEL" -> {
        return isSentinelLookup(command);
      }
      case "CLUSTER" -> {
        return isFirstArgument(command, "MYID");
      }
      case "INFO" -> {
        // before any application command on the connection, INFO replication is MasterReplica's
        // discovery (ReplicaTopologyProvider asks the seed connection, twice, before handing it to
        // the application); later, or on a connection already used, it is the application's own
        return !applicationWritten && isFirstArgument(command, "replication");
      }
      default -> {}
    }
    return false;
  }

  /**
   * Whether the command names the connection as one of Lettuce's own: its topology refreshes
   * ({@code lettuce#ClusterTopologyRefresh}, {@code lettuce#MasterReplicaTopologyRefresh}) do so
   * first thing, and everything on such a connection is housekeeping.
   */
  private static boolean isInternalName(RedisCommand<?, ?, ?> command) {
    var args = LettuceArguments.of(command.getArgs());
    return args.size() == 2
        && args.get(0).equalsIgnoreCase("SETNAME")
        && args.get(1).startsWith("lettuce#");
  }

  /**
   * Whether the command is one of the look-ups Lettuce makes of a Sentinel to find the master and
   * replicas of a {@code redis-sentinel://} URI ({@code SENTINEL GET-MASTER-ADDR-BY-NAME}, {@code
   * REPLICAS}, {@code SLAVES}); an application rarely sends them itself, so they count as
   * housekeeping.
   */
  private static boolean isSentinelLookup(RedisCommand<?, ?, ?> command) {
    return isFirstArgument(command, "GET-MASTER-ADDR-BY-NAME", "REPLICAS", "SLAVES");
  }

  /**
   * Whether the command's first argument (its subcommand) is one of {@code subcommands}. {@code
   * CLUSTER MYID} is sent by every Lettuce cluster connection when it is (re)activated; an
   * application rarely needs it, so it counts as housekeeping.
   */
  private static boolean isFirstArgument(RedisCommand<?, ?, ?> command, String... subcommands) {
    var args = LettuceArguments.of(command.getArgs());
    if (args.size() == 0) {
      return false;
    }
    for (String subcommand : subcommands) {
      if (args.get(0).equalsIgnoreCase(subcommand)) {
        return true;
      }
    }
    return false;
  }

  /** A {@code SELECT}: commands written after it run in its database. */
  private void selected(RedisCommand<?, ?, ?> command) {
    try {
      long index = Long.parseLong(LettuceArguments.of(command.getArgs()).get(0));
      if (index != database) {
        database = index;
        scope = hook.scope(address, port, index);
      }
    } catch (RuntimeException e) {
      // a malformed SELECT fails on the server and leaves the database as it was
    }
  }

  /** The scope of this connection's node and current database. */
  ClientScope scope(ChannelHandlerContext ctx) {
    ClientScope current = scope;
    if (current == null) {
      resolve(ctx.channel().remoteAddress());
      current = hook.scope(address, port, database);
      scope = current;
    }
    return current;
  }

  ClientScope currentScope() {
    return scope;
  }

  private void resolve(SocketAddress remote) {
    if (remote instanceof InetSocketAddress inet) {
      address = inet.getHostString();
      port = inet.getPort();
      String peerAddress = inet.getAddress() != null ? inet.getAddress().getHostAddress() : address;
      peer = Attributes.of(NETWORK_PEER_ADDRESS, peerAddress, NETWORK_PEER_PORT, (long) port);
    } else if (remote instanceof DomainSocketAddress socket) {
      address = socket.path();
      peer = Attributes.of(NETWORK_PEER_ADDRESS, address);
    }
  }

  /** Sets this connection's peer on a span started on another (a re-sent or redirected command). */
  void describePeer(Span span) {
    if (span.isRecording()) {
      span.setAllAttributes(peer);
    }
  }
}
