package dev.redlens.project.internal.lettuce;

import dev.redlens.lettuce.spi.ProjectTagged;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandWrapper;
import io.lettuce.core.protocol.RedisCommand;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * A command as the project's namespace requires it: the caller's command (its output, its future,
 * its completion) with rewritten arguments. It encodes itself from the rewritten arguments, so what
 * goes on the wire is exactly what the rewriter returned. It carries the project, so that clients
 * observed by Redlens ({@code LettuceTelemetry#configure}) record it with {@code
 * redlens.project.id}.
 */
final class ScopedCommand<K, V, T> extends CommandWrapper<K, V, T> implements ProjectTagged {

  private static final byte[] CRLF = {'\r', '\n'};

  private final CommandArgs<K, V> args;
  private final String projectId;

  ScopedCommand(RedisCommand<K, V, T> command, CommandArgs<K, V> args, String projectId) {
    super(command);
    this.args = args;
    this.projectId = projectId;
  }

  /** Redlens's Lettuce hook records the command with this project ({@code redlens.project.id}). */
  @Override
  public String redlensProjectId() {
    return projectId;
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
