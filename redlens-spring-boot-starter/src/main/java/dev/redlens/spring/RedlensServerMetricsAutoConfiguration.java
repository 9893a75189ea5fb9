package dev.redlens.spring;

import dev.redlens.info.ServerMetrics;
import io.lettuce.core.RedisURI;
import io.opentelemetry.api.OpenTelemetry;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A {@link ServerMetrics} polling {@code INFO} of the Redis that Boot connects to ({@code
 * spring.data.redis.*}): the standalone server, or every configured cluster node. Polling runs in
 * the background, so a Redis that is down at startup shows as a failed poll ({@code
 * redlens.info.*}, the health contributor), never as a failed start. {@code
 * redlens.info.enabled=false} turns it off; a {@code ServerMetrics} bean of the application's own
 * replaces it.
 */
@AutoConfiguration(
    after = RedlensAutoConfiguration.class,
    afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass(name = {"dev.redlens.info.ServerMetrics", "io.lettuce.core.RedisURI"})
@ConditionalOnRedlensEnabled
@ConditionalOnProperty(
    prefix = "redlens.info",
    name = "enabled",
    havingValue = "true",
    matchIfMissing = true)
public final class RedlensServerMetricsAutoConfiguration {

  /** Boot 4: the connection details of {@code spring-boot-data-redis}. */
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
      List<RedisURI> nodes = nodes(details);
      ServerMetrics.Builder builder =
          ServerMetrics.builder(RedlensAutoConfiguration.openTelemetry(openTelemetry))
              .setInterval(properties.getInfo().getInterval())
              .setTimeout(properties.getInfo().getTimeout());
      nodes.forEach(builder::addNode);
      return builder.start();
    }

    private static List<RedisURI> nodes(DataRedisConnectionDetails details) {
      List<RedisURI> nodes = new ArrayList<>();
      boolean ssl = details.getSslBundle() != null;
      if (details.getCluster() != null) {
        for (DataRedisConnectionDetails.Node node : details.getCluster().getNodes()) {
          nodes.add(
              uri(node.host(), node.port(), 0, ssl, details.getUsername(), details.getPassword()));
        }
      } else if (details.getSentinel() != null) {
        // the sentinels themselves, until ServerMetrics discovers the nodes they monitor
        DataRedisConnectionDetails.Sentinel sentinel = details.getSentinel();
        for (DataRedisConnectionDetails.Node node : sentinel.getNodes()) {
          nodes.add(
              uri(
                  node.host(),
                  node.port(),
                  0,
                  ssl,
                  sentinel.getUsername(),
                  sentinel.getPassword()));
        }
      } else if (details.getMasterReplica() != null) {
        for (DataRedisConnectionDetails.Node node : details.getMasterReplica().getNodes()) {
          nodes.add(
              uri(node.host(), node.port(), 0, ssl, details.getUsername(), details.getPassword()));
        }
      } else if (details.getStandalone() != null) {
        DataRedisConnectionDetails.Standalone standalone = details.getStandalone();
        nodes.add(
            uri(
                standalone.getHost(),
                standalone.getPort(),
                standalone.getDatabase(),
                ssl,
                details.getUsername(),
                details.getPassword()));
      }
      return nodes;
    }

    private static RedisURI uri(
        String host, int port, int database, boolean ssl, String username, String password) {
      RedisURI.Builder uri =
          RedisURI.builder().withHost(host).withPort(port).withDatabase(database).withSsl(ssl);
      if (password != null) {
        if (username != null) {
          uri.withAuthentication(username, password);
        } else {
          uri.withPassword(password.toCharArray());
        }
      }
      return uri.build();
    }
  }
}
