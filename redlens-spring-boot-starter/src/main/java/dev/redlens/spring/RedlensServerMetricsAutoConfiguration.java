package dev.redlens.spring;

import dev.redlens.info.ServerMetrics;
import io.lettuce.core.RedisURI;
import io.opentelemetry.api.OpenTelemetry;
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
// ServerMetrics polls with Lettuce 7 (it names MaintNotificationsConfig, which Lettuce 6.8, Boot
// 4.0's managed version, lacks): with an older Lettuce it is left out rather than fail the start
@ConditionalOnClass(
    name = {
      "dev.redlens.info.ServerMetrics",
      "io.lettuce.core.RedisURI",
      "io.lettuce.core.MaintNotificationsConfig"
    })
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
      ServerMetrics.Builder builder =
          ServerMetrics.builder(RedlensAutoConfiguration.openTelemetry(openTelemetry))
              .setInterval(properties.getInfo().getInterval())
              .setTimeout(properties.getInfo().getTimeout());
      addNodes(builder, details);
      return builder.start();
    }

    private static void addNodes(
        ServerMetrics.Builder builder, DataRedisConnectionDetails details) {
      boolean ssl = details.getSslBundle() != null;
      String username = details.getUsername();
      String password = details.getPassword();
      if (details.getCluster() != null) {
        // one seed: ServerMetrics discovers every node and follows the topology from there
        DataRedisConnectionDetails.Node seed = details.getCluster().getNodes().get(0);
        builder.addCluster(uri(seed.host(), seed.port(), 0, ssl, username, password));
      } else if (details.getSentinel() != null) {
        DataRedisConnectionDetails.Sentinel sentinel = details.getSentinel();
        builder.addSentinel(sentinel.getMaster(), sentinelUri(sentinel, ssl, username, password));
      } else if (details.getMasterReplica() != null) {
        for (DataRedisConnectionDetails.Node node : details.getMasterReplica().getNodes()) {
          builder.addNode(uri(node.host(), node.port(), 0, ssl, username, password));
        }
      } else if (details.getStandalone() != null) {
        DataRedisConnectionDetails.Standalone standalone = details.getStandalone();
        builder.addNode(
            uri(
                standalone.getHost(),
                standalone.getPort(),
                standalone.getDatabase(),
                ssl,
                username,
                password));
      }
    }

    /** Lettuce's Sentinel URI: every sentinel (with its own password), the data nodes' password. */
    private static RedisURI sentinelUri(
        DataRedisConnectionDetails.Sentinel sentinel,
        boolean ssl,
        String username,
        String password) {
      RedisURI.Builder uri =
          RedisURI.builder()
              .withSentinelMasterId(sentinel.getMaster())
              .withDatabase(sentinel.getDatabase())
              .withSsl(ssl);
      for (DataRedisConnectionDetails.Node node : sentinel.getNodes()) {
        if (sentinel.getPassword() != null) {
          uri.withSentinel(node.host(), node.port(), sentinel.getPassword());
        } else {
          uri.withSentinel(node.host(), node.port());
        }
      }
      if (password != null) {
        if (username != null) {
          uri.withAuthentication(username, password);
        } else {
          uri.withPassword(password.toCharArray());
        }
      }
      return uri.build();
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
