package dev.redlens.project.internal.jedis;

import dev.redlens.project.RedisCommandRunner;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.commands.ProtocolCommand;

/** Raw commands over a Jedis client, for ACL provisioning and cleanup (administrative clients). */
public final class JedisRunner implements RedisCommandRunner {

  private final UnifiedJedis jedis;

  public JedisRunner(UnifiedJedis jedis) {
    this.jedis = jedis;
  }

  @Override
  public Object run(List<byte[]> command) {
    byte[] name = command.get(0);
    ProtocolCommand type = () -> name;
    return jedis.sendCommand(type, command.subList(1, command.size()).toArray(new byte[0][]));
  }
}
