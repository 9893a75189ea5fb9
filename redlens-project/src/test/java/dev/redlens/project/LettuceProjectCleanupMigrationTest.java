package dev.redlens.project;

import dev.redlens.testing.RedisCluster;
import dev.redlens.testing.RedisClusterExtension;
import dev.redlens.testing.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ProjectCleanupMigrationSuite} with Lettuce's runners. */
@Tag("cluster")
class LettuceProjectCleanupMigrationTest extends ProjectCleanupMigrationSuite {

  @RegisterExtension static final RedisClusterExtension redis = RedisClusterExtension.create(3, 0);

  private final List<Runnable> closers = new ArrayList<>();

  @AfterEach
  void close() {
    closers.forEach(Runnable::run);
  }

  @Override
  RedisCluster cluster() {
    return redis.cluster();
  }

  @Override
  List<RedisCommandRunner> masters() {
    List<RedisURI> seeds = new ArrayList<>();
    redis.cluster().uris().forEach(uri -> seeds.add(RedisURI.create(uri)));
    RedisClusterClient client = RedisClusterClient.create(seeds);
    closers.add(client::shutdown);
    StatefulRedisClusterConnection<byte[], byte[]> admin = client.connect(ByteArrayCodec.INSTANCE);
    return RedisCommandRunner.lettuceMasters(admin);
  }

  @Override
  RedisCommandRunner nodeRunner(RedisServer node) {
    RedisClient client = RedisClient.create(node.uri());
    closers.add(client::shutdown);
    return RedisCommandRunner.lettuce(client.connect(ByteArrayCodec.INSTANCE));
  }
}
