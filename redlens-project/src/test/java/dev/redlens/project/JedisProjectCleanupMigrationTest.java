package dev.redlens.project;

import dev.redlens.testing.RedisCluster;
import dev.redlens.testing.RedisClusterExtension;
import dev.redlens.testing.RedisServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.UnifiedJedis;

/** {@link ProjectCleanupMigrationSuite} with Jedis's runners. */
@Tag("cluster")
class JedisProjectCleanupMigrationTest extends ProjectCleanupMigrationSuite {

  @RegisterExtension static final RedisClusterExtension redis = RedisClusterExtension.create(3, 0);

  private final List<AutoCloseable> clients = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable client : clients) {
      client.close();
    }
  }

  private static JedisClientConfig config() {
    return DefaultJedisClientConfig.builder().socketTimeoutMillis(10_000).build();
  }

  @Override
  RedisCluster cluster() {
    return redis.cluster();
  }

  @Override
  List<RedisCommandRunner> masters() {
    Set<HostAndPort> seeds =
        redis.cluster().masters().stream()
            .map(m -> new HostAndPort(m.host(), m.port()))
            .collect(Collectors.toSet());
    JedisCluster admin = new JedisCluster(seeds, config()); // every Jedis has it
    clients.add(admin);
    return RedisCommandRunner.jedisMasters(admin);
  }

  @Override
  RedisCommandRunner nodeRunner(RedisServer node) {
    UnifiedJedis client = PlainJedis.client(new HostAndPort(node.host(), node.port()), config());
    clients.add(client);
    return RedisCommandRunner.jedis(client);
  }
}
