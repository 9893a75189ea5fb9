package dev.redlens.jedis.internal;

import dev.redlens.core.instrumentation.RedisOperation;
import dev.redlens.jedis.spi.ConnectionHook;
import java.io.IOException;
import java.util.List;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisRedirectionException;

/**
 * A Jedis {@link Connection} that reports every command it carries. Every Jedis API ends up here:
 * {@link #sendCommand(CommandArguments)} writes each command (plain calls, pipelines, transactions,
 * pub/sub, the connection's own handshake) and {@link #readProtocolWithCheckingBroken()} reads each
 * reply. So:
 *
 * <ul>
 *   <li>writing a command starts its operation, on the caller's thread (its span's parent is the
 *       caller's current context), and queues it in {@link PendingReplies};
 *   <li>reading a reply ends the oldest pending operation: with the reply (hits and misses are read
 *       from it), or with the error reply ({@link JedisDataException}: {@code error.type=command}
 *       and its prefix);
 *   <li>a failed write, flush or read ({@link JedisConnectionException}; a socket timeout is its
 *       cause) ends every pending operation with that failure ({@code connection} or {@code
 *       timeout}): the connection is broken and no reply will come; so does closing the connection
 *       with replies outstanding. A pooled connection that broke this way because it was closed
 *       (end of stream, reset) is also counted once as a {@code closed} connection error of its
 *       pool;
 *   <li>while subscribed, pub/sub messages end no command, and (un)subscription confirmations end
 *       only the command they confirm.
 * </ul>
 *
 * <p>A {@link ConnectionHook} (one per connection, optional) may rewrite each command before it is
 * written, refuse it (recorded as a failed operation, nothing written), transform its reply and
 * pub/sub events; everything else above holds for hooked connections unchanged.
 *
 * <p>The connection's own commands are not traced, as Lettuce does not trace its connection
 * handshake: the handshake ({@code HELLO}, {@code AUTH}, {@code CLIENT SETINFO}, {@code SELECT} of
 * the configured database), the pool's validation {@code PING} of idle connections and its
 * re-authentication.
 *
 * <p>Between {@code MULTI} and {@code EXEC} the server answers {@code QUEUED}: a queued command's
 * operation ends there, with no hit or miss (the reply says nothing about the value), or with the
 * error reply of a command the server refused to queue. {@code EXEC} carries {@code
 * db.operation.batch.size}: the number of results (0 when a {@code WATCH} aborted the transaction).
 *
 * <p>A <em>pinned</em> connection is the one connection of a single-connection client: closing it
 * after a command keeps it open, and once broken it reconnects (with its handshake) on the next
 * command.
 *
 * <p>Nothing here throws into the application beyond what Jedis (or the hook) throws. Like every
 * Jedis connection, it is used by one thread at a time.
 */
public final class TracedConnection extends Connection {

  private final ConnectionTelemetry telemetry;
  private final PendingReplies pending;
  private final JedisArguments arguments = new JedisArguments();
  private final ConnectionHook hook;
  private final JedisClientConfig clientConfig;
  private final PeerSocket peer;
  private final boolean pinned;
  private boolean inMulti;
  private boolean subscribed;
  private boolean reconnecting;
  private int housekeeping;
  private boolean reportedBroken;
  private volatile boolean released;

  TracedConnection(Connection.Builder builder, ConnectionTelemetry telemetry, boolean pinned) {
    this(PeerSocket.of(builder.getSocketFactory()), builder, telemetry, pinned);
  }

  /** Jedis 6 (no {@code Connection.Builder}, see {@link JedisConnections}): {@link #initialize}. */
  TracedConnection(
      PeerSocket peer, JedisClientConfig config, ConnectionTelemetry telemetry, boolean pinned) {
    super(peer);
    this.clientConfig = config;
    this.peer = peer;
    this.telemetry = telemetry;
    this.pending = new PendingReplies(telemetry.maxPendingReplies());
    this.hook = telemetry.newHook();
    this.pinned = pinned;
  }

  private TracedConnection(
      PeerSocket peer, Connection.Builder builder, ConnectionTelemetry telemetry, boolean pinned) {
    super(PeerSocket.builder(peer, builder));
    this.clientConfig = builder.getClientConfig();
    this.peer = peer;
    this.telemetry = telemetry;
    this.pending = new PendingReplies(telemetry.maxPendingReplies());
    this.hook = telemetry.newHook();
    this.pinned = pinned;
  }

  // ---- commands out
  // ---------------------------------------------------------------------------------------

  @Override
  public void sendCommand(CommandArguments args) {
    if (housekeeping > 0) {
      super.sendCommand(args);
      return;
    }
    if (pinned && !reconnecting && (isBroken() || !isConnected())) {
      reconnect(args);
    }
    String name = CommandNames.of(args.getCommand());
    CommandArguments out = args;
    Object attachment = null;
    if (hook != null) {
      try {
        ConnectionHook.Outgoing outgoing = hook.beforeWrite(name, args);
        out = outgoing.command();
        attachment = outgoing.attachment();
      } catch (RuntimeException refused) {
        telemetry.recordUnsent(name, args, refused);
        throw refused;
      }
    }
    RedisOperation operation = start(name, out, attachment);
    try {
      super.sendCommand(out);
    } catch (JedisConnectionException e) {
      failAll(e); // the connection is broken: nothing pending will be answered
      broken(e);
      throw e;
    } catch (RuntimeException e) {
      if (operation != null && pending.removeLast(operation)) {
        operation.endWithException(e);
      }
      throw e;
    }
  }

  private RedisOperation start(String name, CommandArguments args, Object attachment) {
    byte kind = kindOf(name);
    if (name.equals("ASKING") && Redirections.isWaiting()) {
      pending.addUntracked(
          null); // the cluster executor's, before the retry of an ASK: housekeeping
      return null;
    }
    if (!pending.hasRoom()) {
      pending.addUntracked(attachment);
      telemetry.warnOverflow();
      return null;
    }
    RedisOperation operation;
    try {
      operation = Redirections.resume(name, telemetry);
      if (operation == null) {
        operation = telemetry.start(name, args, arguments, PeerSocket.attributes(peer));
      } else {
        PeerSocket.describe(peer, operation.span()); // started on the node that redirected it
      }
    } catch (Throwable e) {
      telemetry.warnFailure(e);
      operation = null; // the entry stays, so that replies stay aligned with their commands
    }
    pending.add(operation, kind, name, attachment);
    return operation;
  }

  private byte kindOf(String name) {
    if (inMulti) {
      if (name.equalsIgnoreCase("EXEC")) {
        inMulti = false;
        return PendingReplies.EXEC;
      }
      if (name.equalsIgnoreCase("DISCARD")) {
        inMulti = false;
        return PendingReplies.PLAIN;
      }
      return PendingReplies.QUEUED;
    }
    if (name.equalsIgnoreCase("MULTI")) {
      inMulti = true;
    } else if (PubSubEvents.subscribes(name)) {
      subscribed = true;
    }
    return PendingReplies.PLAIN;
  }

  // ---- replies in
  // -----------------------------------------------------------------------------------------

  @Override
  protected Object readProtocolWithCheckingBroken() {
    if (housekeeping > 0) {
      return super.readProtocolWithCheckingBroken();
    }
    Object reply;
    try {
      reply = super.readProtocolWithCheckingBroken();
    } catch (JedisDataException e) {
      RedisOperation operation = pending.poll();
      if (e instanceof JedisRedirectionException redirection && operation != null) {
        Redirections.redirected(pending.polledName(), operation, redirection, telemetry);
      } else {
        end(operation, null, e);
      }
      throw e;
    } catch (RuntimeException e) {
      failAll(e);
      broken(e);
      throw e;
    }
    if (subscribed) {
      String event = PubSubEvents.kindOf(reply);
      if (event != null) {
        return pubSubEvent(event, reply);
      }
    }
    RedisOperation operation = pending.poll();
    Object attachment = pending.polledAttachment();
    if (attachment != null && hook != null) {
      try {
        reply = hook.afterReply(attachment, reply);
      } catch (RuntimeException e) {
        end(operation, null, e);
        throw e;
      }
    }
    end(operation, reply, null);
    return reply;
  }

  /** A pub/sub event: a message answers no command; a confirmation ends the command it confirms. */
  @SuppressWarnings("unchecked")
  private Object pubSubEvent(String event, Object reply) {
    if (hook != null) {
      reply = hook.pushEvent((List<Object>) reply);
    }
    if (PubSubEvents.isMessage(event)) {
      return reply;
    }
    if (PubSubEvents.endsSubscriptions(event, reply)) {
      subscribed = false;
    }
    String head = pending.peekName();
    if (head != null && PubSubEvents.confirms(event, head)) {
      end(pending.poll(), reply, null);
    }
    return reply;
  }

  /** Ends the operation of the entry just polled (null: untracked). Never throws. */
  private void end(RedisOperation operation, Object reply, RuntimeException error) {
    telemetry.end(operation, pending.polledKind(), reply, error);
  }

  @Override
  protected void flush() {
    try {
      super.flush();
    } catch (RuntimeException e) {
      failAll(e);
      broken(e);
      throw e;
    }
  }

  /** Tells the pool, once, that this pooled connection broke in use (see ConnectionTelemetry). */
  private void broken(RuntimeException e) {
    if (!pinned && !reportedBroken && e instanceof JedisConnectionException && isBroken()) {
      reportedBroken = true;
      telemetry.connectionBroken(e);
    }
  }

  private void failAll(Throwable error) {
    inMulti = false;
    subscribed = false;
    try {
      if (hook != null) {
        hook.reset();
      }
      pending.failAll(error);
    } catch (Throwable e) {
      telemetry.warnFailure(e);
    }
  }

  // ---- the connection's own commands: not traced, as Lettuce does not trace its handshake
  // ---------------

  @Override
  protected void initializeFromClientConfig(JedisClientConfig config) {
    housekeeping++;
    try {
      super.initializeFromClientConfig(config);
    } finally {
      housekeeping--;
    }
  }

  /** The pool's validation of an idle connection ({@code ConnectionFactory.validateObject}). */
  @Override
  public boolean ping() {
    housekeeping++;
    try {
      return super.ping();
    } finally {
      housekeeping--;
    }
  }

  /**
   * The pool's re-authentication of a returned connection ({@code
   * ConnectionFactory.passivateObject}).
   */
  @Override
  public String reAuthenticate() {
    housekeeping++;
    try {
      return super.reAuthenticate();
    } finally {
      housekeeping--;
    }
  }

  // ---- connection life
  // ------------------------------------------------------------------------------------

  @Override
  public void disconnect() {
    try {
      super.disconnect();
    } finally {
      failAll(
          new JedisConnectionException(
              "Connection closed while " + pending.size() + " command(s) awaited their replies"));
    }
  }

  @Override
  public void forceDisconnect() throws IOException {
    try {
      super.forceDisconnect();
    } finally {
      failAll(new JedisConnectionException("Connection force-disconnected"));
    }
  }

  @Override
  public void close() {
    if (!pinned || released) {
      super.close();
      return;
    }
    // the one connection of a single-connection client stays open between commands
    if (isBroken()) {
      try {
        disconnect(); // the next command reconnects
      } catch (RuntimeException e) {
        // the socket is closed anyway; nothing to tell the caller, whose command already failed
      }
    }
  }

  /** Connects, with the handshake of the client's configuration (untraced). */
  void initialize() {
    initializeFromClientConfig(clientConfig);
  }

  /** Closes a pinned connection for good (its client is closed). */
  void release() {
    released = true;
    super.close();
  }

  private void reconnect(CommandArguments args) {
    reconnecting = true;
    try {
      try {
        disconnect(); // ends anything still pending
      } catch (RuntimeException e) {
        // already gone
      }
      // the protected overload: the no-argument one is not visible to subclasses from Jedis 8 on
      initializeFromClientConfig(clientConfig);
    } catch (RuntimeException e) {
      telemetry.recordUnsent(CommandNames.of(args.getCommand()), args, e);
      throw e;
    } finally {
      reconnecting = false;
    }
  }
}
