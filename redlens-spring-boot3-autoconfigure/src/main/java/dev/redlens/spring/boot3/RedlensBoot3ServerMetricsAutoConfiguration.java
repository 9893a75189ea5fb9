package dev.redlens.spring.boot3;

import dev.redlens.info.ServerMetrics;
import dev.redlens.spring.ConditionalOnRedlensEnabled;
import dev.redlens.spring.ConditionalOnRedlensInfoEnabled;
import dev.redlens.spring.RedlensProperties;
import dev.redlens.spring.RedlensServerMetricsAutoConfiguration;
import dev.redlens.spring.internal.ServerMetricsNodes;
import io.opentelemetry.api.OpenTelemetry;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.data.redis.RedisConnectionDetails;
import org.springframework.context.annotation.Bean;

/**
 * Spring Boot 3: a {@link ServerMetrics} polling {@code INFO} of the Redis that Boot connects to,
 * read from Boot 3's {@code RedisConnectionDetails} (standalone, every node of a cluster discovered
 * from the first configured node, the master and replicas a Sentinel names), with the settings and
 * conditions of {@link RedlensServerMetricsAutoConfiguration}, which does the same on Boot 4.
 */
@AutoConfiguration(
    afterName = {
      "dev.redlens.spring.RedlensAutoConfiguration",
      "org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration"
    })
@ConditionalOnClass(
    name = {
      "org.springframework.boot.autoconfigure.data.redis.RedisConnectionDetails",
      "dev.redlens.info.ServerMetrics",
      "io.lettuce.core.RedisURI"
    })
@ConditionalOnRedlensEnabled
@ConditionalOnRedlensInfoEnabled
public final class RedlensBoot3ServerMetricsAutoConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @ConditionalOnBean(RedisConnectionDetails.class)
  ServerMetrics redlensServerMetrics(
      RedisConnectionDetails details,
      ObjectProvider<OpenTelemetry> openTelemetry,
      RedlensProperties properties) {
    ServerMetrics.Builder builder =
        RedlensServerMetricsAutoConfiguration.builder(openTelemetry, properties);
    if (details.getCluster() != null) {
      RedisConnectionDetails.Cluster cluster = details.getCluster();
      nodes(builder, details, cluster.getSslBundle() != null)
          .cluster(addresses(cluster.getNodes()));
    } else if (details.getSentinel() != null) {
      RedisConnectionDetails.Sentinel sentinel = details.getSentinel();
      nodes(builder, details, sentinel.getSslBundle() != null)
          .sentinel(
              sentinel.getMaster(),
              sentinel.getDatabase(),
              addresses(sentinel.getNodes()),
              sentinel.getPassword());
    } else if (details.getStandalone() != null) {
      RedisConnectionDetails.Standalone standalone = details.getStandalone();
      nodes(builder, details, standalone.getSslBundle() != null)
          .node(standalone.getHost(), standalone.getPort(), standalone.getDatabase());
    }
    return builder.start();
  }

  private static ServerMetricsNodes nodes(
      ServerMetrics.Builder builder, RedisConnectionDetails details, boolean ssl) {
    return new ServerMetricsNodes(builder, ssl, details.getUsername(), details.getPassword());
  }

  private static List<ServerMetricsNodes.Address> addresses(
      List<RedisConnectionDetails.Node> nodes) {
    return nodes.stream()
        .map(node -> new ServerMetricsNodes.Address(node.host(), node.port()))
        .toList();
  }
}
