package dev.redlens.project.internal.lettuce;

import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandWrapper;
import io.lettuce.core.protocol.RedisCommand;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * A command as the project's namespace requires it: the caller's command (its output, its future,
 * its completion) with rewritten arguments. It encodes itself from the rewritten arguments, so what
 * goes on the wire is exactly what the rewriter returned.
 */
final class ScopedCommand<K, V, T> extends CommandWrapper<K, V, T> {

  private static final byte[] CRLF = {'\r', '\n'};

  private final CommandArgs<K, V> args;

  ScopedCommand(RedisCommand<K, V, T> command, CommandArgs<K, V> args) {
    super(command);
    this.args = args;
  }

  @Override
  public CommandArgs<K, V> getArgs() {
    return args;
  }

  @Override
  public void encode(ByteBuf buf) {
    byte[] type = getType().getBytes();
    buf.writeByte('*');
    buf.writeBytes(Integer.toString(1 + args.count()).getBytes(StandardCharsets.US_ASCII));
    buf.writeBytes(CRLF);
    buf.writeByte('$');
    buf.writeBytes(Integer.toString(type.length).getBytes(StandardCharsets.US_ASCII));
    buf.writeBytes(CRLF);
    buf.writeBytes(type);
    buf.writeBytes(CRLF);
    args.encode(buf);
  }
}
