package dev.redlens.spring;

import dev.redlens.info.ServerMetrics;
import dev.redlens.spring.internal.ServerMetricsNodes;
import io.opentelemetry.api.OpenTelemetry;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A {@link ServerMetrics} polling {@code INFO} of the Redis that Boot connects to ({@code
 * spring.data.redis.*}): the standalone server; every node of a cluster, discovered from the first
 * configured node; the master and replicas that Sentinel names, asked again at every round; the
 * configured master/replica nodes. Polling runs in the background, so a Redis that is down at
 * startup shows as a failed poll ({@code redlens.info.*}, the health contributor), never as a
 * failed start. {@code redlens.info.enabled=false} turns it off; a {@code ServerMetrics} bean of
 * the application's own replaces it.
 */
@AutoConfiguration(
    after = RedlensAutoConfiguration.class,
    afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
// ServerMetrics polls with Lettuce (6.6 and later), whichever client the application uses
@ConditionalOnClass(name = {"dev.redlens.info.ServerMetrics", "io.lettuce.core.RedisURI"})
@ConditionalOnRedlensEnabled
@ConditionalOnRedlensInfoEnabled
public final class RedlensServerMetricsAutoConfiguration {

  /** The collector's settings: the context's {@code OpenTelemetry}, {@code redlens.info.*}. */
  public static ServerMetrics.Builder builder(
      ObjectProvider<OpenTelemetry> openTelemetry, RedlensProperties properties) {
    return ServerMetrics.builder(RedlensAutoConfiguration.openTelemetry(openTelemetry))
        .setInterval(properties.getInfo().getInterval())
        .setTimeout(properties.getInfo().getTimeout());
  }

  /**
   * Boot 4: the connection details of {@code spring-boot-data-redis}. Boot 3's are read by {@code
   * dev.redlens.spring.boot3.RedlensBoot3ServerMetricsAutoConfiguration}.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(
      name = "org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails")
  static class Boot4ServerMetrics {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnBean(DataRedisConnectionDetails.class)
    ServerMetrics redlensServerMetrics(
        DataRedisConnectionDetails details,
        ObjectProvider<OpenTelemetry> openTelemetry,
        RedlensProperties properties) {
      ServerMetrics.Builder builder = builder(openTelemetry, properties);
      ServerMetricsNodes nodes =
          new ServerMetricsNodes(
              builder,
              details.getSslBundle() != null,
              details.getUsername(),
              details.getPassword());
      if (details.getCluster() != null) {
        nodes.cluster(addresses(details.getCluster().getNodes()));
      } else if (details.getSentinel() != null) {
        DataRedisConnectionDetails.Sentinel sentinel = details.getSentinel();
        nodes.sentinel(
            sentinel.getMaster(),
            sentinel.getDatabase(),
            addresses(sentinel.getNodes()),
            sentinel.getPassword());
      } else if (details.getMasterReplica() != null) {
        for (DataRedisConnectionDetails.Node node : details.getMasterReplica().getNodes()) {
          nodes.node(node.host(), node.port(), 0);
        }
      } else if (details.getStandalone() != null) {
        DataRedisConnectionDetails.Standalone standalone = details.getStandalone();
        nodes.node(standalone.getHost(), standalone.getPort(), standalone.getDatabase());
      }
      return builder.start();
    }

    private static List<ServerMetricsNodes.Address> addresses(
        List<DataRedisConnectionDetails.Node> nodes) {
      return nodes.stream()
          .map(node -> new ServerMetricsNodes.Address(node.host(), node.port()))
          .toList();
    }
  }
}
