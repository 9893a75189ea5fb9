package dev.redlens.project.internal.jedis;

import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.commands.ProtocolCommand;

/**
 * Raw commands over a Jedis client, for ACL provisioning and cleanup (administrative clients).
 * {@code RedisCommandRunner.jedis} adapts it; it does not implement that interface itself, so that
 * the public package does not depend on this one and back.
 */
public final class JedisRunner {

  private final UnifiedJedis jedis;

  public JedisRunner(UnifiedJedis jedis) {
    this.jedis = jedis;
  }

  /** See {@code RedisCommandRunner#run}. */
  public Object run(List<byte[]> command) {
    byte[] name = command.get(0);
    ProtocolCommand type = () -> name;
    return jedis.sendCommand(type, command.subList(1, command.size()).toArray(new byte[0][]));
  }
}
