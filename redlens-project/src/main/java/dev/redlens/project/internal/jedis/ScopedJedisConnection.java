package dev.redlens.project.internal.jedis;

import dev.redlens.core.instrumentation.ClientScope;
import dev.redlens.core.instrumentation.RedisOperation;
import dev.redlens.project.KeyspaceRewriter;
import dev.redlens.project.ProjectIsolationException;
import dev.redlens.project.RewrittenCommand;
import dev.redlens.project.internal.jedis.JedisReplies.Shape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.args.Rawable;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * A Jedis {@link Connection} confined to one project. Every Jedis API writes through {@link
 * #sendCommand(CommandArguments)} (typed commands, {@code sendCommand}, pipelines, transactions,
 * pub/sub) and reads through {@link #readProtocolWithCheckingBroken()}, so:
 *
 * <ul>
 *   <li>writing a command runs the project's {@link KeyspaceRewriter}: the rewritten arguments are
 *       sent instead, or the command is refused with a {@link ProjectIsolationException} before
 *       anything is written;
 *   <li>each written command is queued; reading a reply takes the oldest one and, when its reply
 *       carries key or channel names, removes the prefix from them (in a transaction, from the
 *       elements of EXEC's reply);
 *   <li>while subscribed, pub/sub events (messages, (un)subscriptions) have their channel and
 *       pattern names un-prefixed and end no command (except the subscription command they answer);
 *   <li>with a telemetry scope, each command is one operation (span and metric points) with the
 *       project's id, from its write to its reply; refused commands are recorded as failed
 *       operations.
 * </ul>
 *
 * <p>A command refused inside {@code MULTI} throws at once (so Jedis queues no response for it),
 * and the transaction's {@code EXEC} is then sent as {@code DISCARD} and throws a {@link
 * ProjectIsolationException}: the server never runs a transaction that lost one of its commands.
 *
 * <p>The connection's own handshake ({@code HELLO}, {@code AUTH}, {@code CLIENT SETINFO}/{@code
 * SETNAME}, the {@code SELECT} of the configured database), the pool's validation {@code PING} and
 * its re-authentication are neither rewritten nor recorded: they are Jedis's, configured by whoever
 * built the client.
 *
 * <p>Like every Jedis connection, it is used by one thread at a time.
 */
public final class ScopedJedisConnection extends Connection {

  private static final ConcurrentHashMap<ProtocolCommand, String> NAMES = new ConcurrentHashMap<>();
  private static final byte QUEUED = 1;
  private static final byte EXEC = 2;
  private static final byte PLAIN = 0;

  private final JedisScope scope;
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private int housekeeping;
  private boolean inMulti;
  private List<Shape> queuedShapes;
  private String refusedInTransaction;
  private boolean subscribed;

  ScopedJedisConnection(Connection.Builder builder, JedisScope scope) {
    super(builder);
    this.scope = scope;
  }

  /** Builds scoped connections, for a {@code ConnectionFactory}. */
  public static final class Builder extends Connection.Builder {
    private final JedisScope scope;

    public Builder(JedisScope scope) {
      this.scope = scope;
    }

    @Override
    protected Connection createConnection() {
      return new ScopedJedisConnection(this, scope);
    }
  }

  /** A command awaiting its reply. */
  private static final class Pending {
    final String name;
    final RedisOperation operation;
    final byte kind;
    final Shape shape;
    final List<Shape> execShapes;
    final ProjectIsolationException refusal;

    Pending(
        String name,
        RedisOperation operation,
        byte kind,
        Shape shape,
        List<Shape> execShapes,
        ProjectIsolationException refusal) {
      this.name = name;
      this.operation = operation;
      this.kind = kind;
      this.shape = shape;
      this.execShapes = execShapes;
      this.refusal = refusal;
    }
  }

  // ---- commands out
  // ---------------------------------------------------------------------------------------

  @Override
  public void sendCommand(CommandArguments args) {
    if (housekeeping > 0) {
      super.sendCommand(args);
      return;
    }
    String name = nameOf(args.getCommand());
    List<byte[]> raw = arguments(args);
    if (inMulti && refusedInTransaction != null && name.equalsIgnoreCase("EXEC")) {
      discardRefusedTransaction(args);
      return;
    }
    RewrittenCommand rewritten;
    try {
      rewritten = rewrite(name, raw);
    } catch (ProjectIsolationException e) {
      if (inMulti) {
        refusedInTransaction = e.command();
      }
      recordRefusal(name, e);
      throw e;
    }
    CommandArguments out = new CommandArguments(args.getCommand());
    for (byte[] argument : rewritten.arguments()) {
      out.add(argument);
    }
    if (args.isBlocking()) {
      out.blocking();
    }
    Shape shape =
        rewritten.replyHasKeys()
            ? JedisReplies.shapeOf(name, raw.isEmpty() ? null : raw.get(0))
            : null;
    byte kind = PLAIN;
    List<Shape> execShapes = null;
    String upper = name.toUpperCase(Locale.ROOT);
    if (inMulti) {
      switch (upper) {
        case "EXEC" -> {
          kind = EXEC;
          execShapes = queuedShapes;
          endMulti();
        }
        case "DISCARD" -> endMulti();
        default -> {
          kind = QUEUED;
          queuedShapes.add(shape);
          shape = null; // the reply is QUEUED; the names are in EXEC's reply
        }
      }
    } else if (upper.equals("MULTI")) {
      inMulti = true;
      queuedShapes = new ArrayList<>();
      refusedInTransaction = null;
    } else if (upper.equals("SUBSCRIBE")
        || upper.equals("PSUBSCRIBE")
        || upper.equals("SSUBSCRIBE")) {
      subscribed = true;
    }
    write(
        out, new Pending(name, start(name, rewritten.arguments()), kind, shape, execShapes, null));
  }

  private RewrittenCommand rewrite(String name, List<byte[]> raw) {
    KeyspaceRewriter rewriter = scope.rewriter();
    if (name.equalsIgnoreCase("CLIENT")
        && raw.size() >= 2
        && new String(raw.get(0), StandardCharsets.UTF_8).equalsIgnoreCase("REPLY")
        && !new String(raw.get(1), StandardCharsets.UTF_8).equalsIgnoreCase("ON")) {
      throw new ProjectIsolationException(
          "CLIENT REPLY",
          rewriter.projectId(),
          "Jedis pairs every command with a reply, so replies switched off would be given to later commands");
    }
    return rewriter.rewrite(name, raw);
  }

  /** EXEC of a transaction that lost a refused command: DISCARD it on the server, refuse EXEC. */
  private void discardRefusedTransaction(CommandArguments exec) {
    ProjectIsolationException refusal =
        new ProjectIsolationException(
            "EXEC",
            scope.rewriter().projectId(),
            "the transaction was discarded because a command in it was refused ("
                + refusedInTransaction
                + ")");
    endMulti();
    RedisOperation operation = start("EXEC", List.of());
    write(
        new CommandArguments(Protocol.Command.DISCARD),
        new Pending("DISCARD", operation, PLAIN, null, null, refusal));
  }

  private void write(CommandArguments out, Pending entry) {
    pending.addLast(entry);
    try {
      super.sendCommand(out);
    } catch (JedisConnectionException e) {
      failAll(e); // the connection is broken: nothing pending will be answered
      throw e;
    } catch (RuntimeException e) {
      if (pending.peekLast() == entry) {
        pending.pollLast();
        end(entry, null, e);
      }
      throw e;
    }
  }

  private void endMulti() {
    inMulti = false;
    queuedShapes = null;
    refusedInTransaction = null;
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
      Pending entry = pending.pollFirst();
      if (entry != null) {
        end(entry, null, e);
      }
      throw e;
    } catch (RuntimeException e) {
      failAll(e);
      throw e;
    }
    if (subscribed) {
      String event = JedisReplies.eventKind(reply);
      if (event != null) {
        return pubSubEvent(event, (List<?>) reply);
      }
    }
    Pending entry = pending.pollFirst();
    if (entry == null) {
      return reply;
    }
    if (entry.refusal != null) {
      end(entry, null, entry.refusal);
      throw entry.refusal;
    }
    if (entry.kind == EXEC) {
      stripExec(entry.execShapes, reply);
    } else {
      reply = JedisReplies.strip(entry.shape, reply, scope.rewriter());
    }
    end(entry, reply, null);
    return reply;
  }

  private Object pubSubEvent(String event, List<?> reply) {
    JedisReplies.stripEvent(reply, scope.rewriter());
    switch (event) {
      case "message", "pmessage", "smessage" -> {
        return reply; // answers no command
      }
      case "unsubscribe", "punsubscribe", "sunsubscribe" -> {
        if (reply.size() > 2 && reply.get(2) instanceof Long count && count == 0) {
          subscribed = false;
        }
      }
      default -> {
        // subscribe, psubscribe, ssubscribe, pong
      }
    }
    Pending head = pending.peekFirst();
    String answers = event.equals("pong") ? "PING" : event;
    if (head != null && head.name.equalsIgnoreCase(answers)) {
      pending.pollFirst();
      end(head, reply, null);
    }
    return reply;
  }

  @SuppressWarnings("unchecked")
  private void stripExec(List<Shape> shapes, Object reply) {
    if (shapes == null || !(reply instanceof List<?> results)) {
      return;
    }
    List<Object> list = (List<Object>) results;
    for (int i = 0; i < list.size() && i < shapes.size(); i++) {
      Shape shape = shapes.get(i);
      if (shape != null) {
        list.set(i, JedisReplies.strip(shape, list.get(i), scope.rewriter()));
      }
    }
  }

  @Override
  protected void flush() {
    try {
      super.flush();
    } catch (RuntimeException e) {
      failAll(e);
      throw e;
    }
  }

  private void failAll(Throwable error) {
    endMulti();
    subscribed = false;
    Pending entry;
    while ((entry = pending.pollFirst()) != null) {
      end(entry, null, error);
    }
  }

  // ---- telemetry
  // ------------------------------------------------------------------------------------------

  private RedisOperation start(String name, List<byte[]> arguments) {
    ClientScope telemetry = scope.telemetry();
    if (telemetry == null) {
      return null;
    }
    try {
      return telemetry.start(name, new ByteArguments(arguments));
    } catch (Throwable e) {
      scope.warnFailure(e);
      return null;
    }
  }

  private void recordRefusal(String name, ProjectIsolationException refusal) {
    RedisOperation operation = start(name, List.of());
    if (operation != null) {
      try {
        operation.endWithException(refusal);
      } catch (Throwable e) {
        scope.warnFailure(e);
      }
    }
  }

  private void end(Pending entry, Object reply, Throwable error) {
    RedisOperation operation = entry.operation;
    if (operation == null) {
      return;
    }
    try {
      if (error instanceof JedisDataException dataError) {
        operation.endWithErrorReply(dataError.getMessage());
      } else if (error != null) {
        operation.endWithException(error);
      } else if (entry.kind == QUEUED) {
        operation.endWithCacheResult(0, 0); // QUEUED says nothing about the value
      } else if (entry.kind == EXEC) {
        operation.setBatchSize(reply instanceof List<?> results ? results.size() : 0);
        operation.end(reply);
      } else {
        operation.end(reply);
      }
    } catch (Throwable e) {
      scope.warnFailure(e);
    }
  }

  // ---- the connection's own commands: neither rewritten nor recorded
  // ------------------------------------

  @Override
  protected void initializeFromClientConfig(JedisClientConfig config) {
    housekeeping++;
    try {
      super.initializeFromClientConfig(config);
    } finally {
      housekeeping--;
    }
  }

  /** The pool's validation of an idle connection. */
  @Override
  public boolean ping() {
    housekeeping++;
    try {
      return super.ping();
    } finally {
      housekeeping--;
    }
  }

  /** The pool's re-authentication of a returned connection, with the configured credentials. */
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
      if (!pending.isEmpty()) {
        failAll(
            new JedisConnectionException(
                "Connection closed while " + pending.size() + " command(s) awaited their replies"));
      }
      endMulti();
      subscribed = false;
    }
  }

  @Override
  public void forceDisconnect() throws IOException {
    try {
      super.forceDisconnect();
    } finally {
      if (!pending.isEmpty()) {
        failAll(new JedisConnectionException("Connection force-disconnected"));
      }
    }
  }

  // ---- helpers
  // --------------------------------------------------------------------------------------------

  private static String nameOf(ProtocolCommand command) {
    if (command instanceof Enum<?>) {
      return NAMES.computeIfAbsent(command, ScopedJedisConnection::decode);
    }
    return decode(command);
  }

  private static String decode(ProtocolCommand command) {
    byte[] raw = command.getRaw();
    return raw == null ? "" : new String(raw, StandardCharsets.UTF_8);
  }

  private static List<byte[]> arguments(CommandArguments args) {
    List<byte[]> out = new ArrayList<>(Math.max(0, args.size() - 1));
    for (int i = 1; i < args.size(); i++) {
      Rawable argument = args.get(i);
      byte[] raw = argument == null ? null : argument.getRaw();
      out.add(raw == null ? new byte[0] : raw);
    }
    return out;
  }
}
