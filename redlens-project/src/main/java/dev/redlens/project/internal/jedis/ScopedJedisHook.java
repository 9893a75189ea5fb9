package dev.redlens.project.internal.jedis;

import dev.redlens.jedis.spi.ConnectionHook;
import dev.redlens.project.internal.jedis.JedisReplies.Shape;
import dev.redlens.project.rewrite.KeyspaceRewriter;
import dev.redlens.project.rewrite.ProjectIsolationException;
import dev.redlens.project.rewrite.RewrittenCommand;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.args.Rawable;

/**
 * Confines one Redlens Jedis connection to a project, through redlens-jedis's {@link
 * ConnectionHook}: every command the connection writes (typed commands, {@code sendCommand},
 * pipelines, transactions, pub/sub) runs through the project's {@link KeyspaceRewriter} and is
 * written rewritten, or refused with a {@link ProjectIsolationException} before anything is
 * written; replies that carry key or channel names (in a transaction, EXEC's elements) and pub/sub
 * events come back without the prefix. The connection itself (redlens-jedis's) records each command
 * with the project's id, bounds its queue of pending replies, and reports its pool.
 *
 * <p>A command refused inside {@code MULTI} throws at once (so Jedis queues no response for it),
 * and the transaction's {@code EXEC} is then sent as {@code DISCARD} and fails with a {@link
 * ProjectIsolationException}: the server never runs a transaction that lost one of its commands.
 *
 * <p>One instance per connection, used by the connection's thread only.
 */
final class ScopedJedisHook implements ConnectionHook {

  /** EXEC's attachment: the reply shapes of the transaction's commands, in order. */
  private record ExecShapes(List<Shape> shapes) {}

  /** The attachment of an EXEC sent as DISCARD: its reply is replaced by this refusal. */
  private record Refusal(ProjectIsolationException exception) {}

  private final KeyspaceRewriter rewriter;
  private boolean inMulti;
  private List<Shape> queuedShapes;
  private String refusedInTransaction;

  ScopedJedisHook(KeyspaceRewriter rewriter) {
    this.rewriter = rewriter;
  }

  @Override
  public Outgoing beforeWrite(String name, CommandArguments args) {
    if (inMulti && refusedInTransaction != null && name.equalsIgnoreCase("EXEC")) {
      return discardRefusedTransaction();
    }
    List<byte[]> raw = arguments(args);
    RewrittenCommand rewritten;
    try {
      rewritten = rewrite(name, raw);
    } catch (ProjectIsolationException e) {
      if (inMulti) {
        refusedInTransaction = e.command();
      }
      throw e;
    }
    CommandArguments out = new CommandArguments(args.getCommand());
    for (byte[] argument : rewritten.arguments()) {
      out.add(argument);
    }
    if (args.isBlocking()) {
      out.blocking();
    }
    Object attachment =
        rewritten.replyHasKeys()
            ? JedisReplies.shapeOf(name, raw.isEmpty() ? null : raw.get(0))
            : null;
    String upper = name.toUpperCase(Locale.ROOT);
    if (inMulti) {
      switch (upper) {
        case "EXEC" -> {
          attachment = new ExecShapes(queuedShapes);
          endMulti();
        }
        case "DISCARD" -> endMulti();
        default -> {
          queuedShapes.add((Shape) attachment);
          attachment = null; // the reply is QUEUED; the names are in EXEC's reply
        }
      }
    } else if (upper.equals("MULTI")) {
      inMulti = true;
      queuedShapes = new ArrayList<>();
      refusedInTransaction = null;
    }
    return new Outgoing(out, attachment);
  }

  private RewrittenCommand rewrite(String name, List<byte[]> raw) {
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
  private Outgoing discardRefusedTransaction() {
    ProjectIsolationException refusal =
        new ProjectIsolationException(
            "EXEC",
            rewriter.projectId(),
            "the transaction was discarded because a command in it was refused ("
                + refusedInTransaction
                + ")");
    endMulti();
    return new Outgoing(new CommandArguments(Protocol.Command.DISCARD), new Refusal(refusal));
  }

  @Override
  public Object afterReply(Object attachment, Object reply) {
    if (attachment instanceof Refusal refusal) {
      throw refusal.exception();
    }
    if (attachment instanceof ExecShapes exec) {
      stripExec(exec.shapes(), reply);
      return reply;
    }
    return JedisReplies.strip((Shape) attachment, reply, rewriter);
  }

  @Override
  public List<Object> pushEvent(List<Object> event) {
    JedisReplies.stripEvent(event, rewriter);
    return event;
  }

  @Override
  public void reset() {
    endMulti();
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
        list.set(i, JedisReplies.strip(shape, list.get(i), rewriter));
      }
    }
  }

  private void endMulti() {
    inMulti = false;
    queuedShapes = null;
    refusedInTransaction = null;
  }

  /**
   * The arguments after the command's name, read by iterating: {@code CommandArguments#get(int)}
   * appeared in Jedis 7.1, and every Jedis from 6 on iterates them.
   */
  private static List<byte[]> arguments(CommandArguments args) {
    List<byte[]> out = new ArrayList<>(Math.max(0, args.size() - 1));
    Iterator<Rawable> elements = args.iterator();
    elements.next(); // the command's name
    while (elements.hasNext()) {
      Rawable argument = elements.next();
      byte[] raw = argument == null ? null : argument.getRaw();
      out.add(raw == null ? new byte[0] : raw);
    }
    return out;
  }
}
