package dev.redlens.jedis.spi;

import java.util.List;
import redis.clients.jedis.CommandArguments;

/**
 * Changes what one Redlens Jedis connection writes and what its caller gets back. One instance per
 * connection (made by the supplier given to {@link
 * dev.redlens.jedis.JedisTelemetry.Builder#setConnectionHook}), called on the thread that uses the
 * connection (Jedis connections are used by one thread at a time), so an implementation may keep
 * per-connection state (an open transaction) without synchronization. Not called for the
 * connection's own housekeeping (handshake, the pool's validation {@code PING}, re-authentication).
 *
 * <p>The telemetry of a hooked command is that of a plain one: its span is named after the command
 * the caller issued, and reads the arguments actually written (after the rewrite).
 */
public interface ConnectionHook {

  /**
   * Called before {@code command} (named {@code name}, upper or lower case as Jedis spells it) is
   * written. Returns what to write instead, and what {@link #afterReply} needs to know of it.
   *
   * @throws RuntimeException to refuse the command: nothing is written, the exception is recorded
   *     as the command's failed operation and thrown to the caller
   */
  Outgoing beforeWrite(String name, CommandArguments command);

  /**
   * The reply the caller gets for a command whose {@link Outgoing#attachment()} was not null
   * (commands without an attachment get the server's reply unchanged, without a call). Error
   * replies are not passed here: they fail the command as for a plain client.
   *
   * @throws RuntimeException to fail the command with it (its operation ends with this failure; the
   *     reply has been read, so the connection stays usable)
   */
  Object afterReply(Object attachment, Object reply);

  /**
   * A pub/sub event read while the connection is subscribed ({@code message}, {@code pmessage},
   * {@code smessage}, (un)subscription confirmations, {@code pong}), as Jedis's raw list ({@code
   * byte[]} elements); changed in place or replaced by the returned list.
   */
  default List<Object> pushEvent(List<Object> event) {
    return event;
  }

  /**
   * The connection broke, or closed with commands outstanding: state tied to its commands (an open
   * transaction) is gone.
   */
  default void reset() {}

  /**
   * What to write for a command.
   *
   * @param command the command to write (the caller's own {@code CommandArguments} when unchanged;
   *     keep {@link CommandArguments#isBlocking()} when building another)
   * @param attachment passed back to {@link #afterReply} with the command's reply; null when the
   *     reply needs no change (the common case: no call, and no entry kept for it beyond the
   *     connection's bound of pending replies)
   */
  record Outgoing(CommandArguments command, Object attachment) {

    /** Write {@code command} as it is; its reply is returned unchanged. */
    public static Outgoing unchanged(CommandArguments command) {
      return new Outgoing(command, null);
    }
  }
}
