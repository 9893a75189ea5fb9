package dev.redlens.testing;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that owns one {@link RedisCluster} per test class. Registered on a static
 * field (a cluster takes seconds to form, so there is no per-test mode), it starts the cluster
 * before the first test of the class and stops it after the last. Before every test the cluster is
 * {@linkplain RedisCluster#reset() reset}: killed nodes restarted (as replicas when their slots
 * were taken over), unfinished migrations abandoned, healthy and empty. Tag cluster test classes
 * {@code @Tag("cluster")} so a build can include or exclude them.
 *
 * <p>The cluster stops when the class's extension context closes, after every extension's after-all
 * callback, for the reason {@link RedisServerExtension} gives: an application context closed in an
 * after-all callback (Spring's) closes its connections while the nodes still answer.
 *
 * <pre>{@code
 * @Tag("cluster")
 * class MyClusterTest {
 *   @RegisterExtension static final RedisClusterExtension redis = RedisClusterExtension.create(3, 1);
 *
 *   @Test void works() { RedisClusterClient.create(redis.cluster().uris().get(0)) ... }
 * }
 * }</pre>
 */
public final class RedisClusterExtension implements BeforeAllCallback, BeforeEachCallback {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(RedisClusterExtension.class);

  private final UnaryOperator<RedisCluster.Builder> configuration;
  private RedisCluster cluster;

  private RedisClusterExtension(UnaryOperator<RedisCluster.Builder> configuration) {
    this.configuration = configuration;
  }

  /** A cluster of {@code masters} masters with {@code replicasPerMaster} replicas each. */
  public static RedisClusterExtension create(int masters, int replicasPerMaster) {
    return create(b -> b.masters(masters).replicasPerMaster(replicasPerMaster));
  }

  /** A cluster configured by {@code configuration}, e.g. {@code b -> b.masters(3)}. */
  public static RedisClusterExtension create(UnaryOperator<RedisCluster.Builder> configuration) {
    return new RedisClusterExtension(configuration);
  }

  /** The cluster (healthy at the start of every test). */
  public RedisCluster cluster() {
    if (cluster == null) {
      throw new IllegalStateException("the Redis cluster starts before the first test");
    }
    return cluster;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    cluster = configuration.apply(RedisCluster.builder()).start();
    context.getStore(NAMESPACE).put(this, (AutoCloseable) this::stop);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (cluster == null) {
      throw new IllegalStateException(
          "register RedisClusterExtension on a static field: one cluster per class");
    }
    cluster.reset();
  }

  private void stop() {
    if (cluster != null) {
      cluster.close();
      cluster = null;
    }
  }
}
