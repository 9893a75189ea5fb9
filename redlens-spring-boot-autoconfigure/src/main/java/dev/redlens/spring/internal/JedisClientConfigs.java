package dev.redlens.spring.internal;

import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.jedis.JedisClientConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.JedisClientConfig;

/**
 * The Jedis client configuration that {@link JedisConnectionFactory} derives from its Spring
 * configuration. Spring keeps its own in a private field, so the instrumented factory derives the
 * same one from the factory's public getters, step for step as Spring's {@code createClientConfig}
 * does (client name, timeouts, database, credentials, TLS, then the application's customizer).
 */
final class JedisClientConfigs {

  private JedisClientConfigs() {}

  /** The configuration of connections to data nodes (masters, replicas, cluster nodes). */
  static JedisClientConfig dataNodes(JedisConnectionFactory factory) {
    RedisConfiguration configuration = activeConfiguration(factory);
    return build(
        factory.getClientConfiguration(),
        factory.getDatabase(),
        RedisConfiguration.getUsernameOrElse(configuration, () -> null),
        RedisConfiguration.getPasswordOrElse(configuration, RedisPassword::none));
  }

  /** The configuration of connections to sentinels (database 0, the sentinels' credentials). */
  static JedisClientConfig sentinels(
      JedisConnectionFactory factory, RedisSentinelConfiguration sentinel) {
    return build(
        factory.getClientConfiguration(),
        0,
        sentinel.getSentinelUsername(),
        sentinel.getSentinelPassword());
  }

  private static RedisConfiguration activeConfiguration(JedisConnectionFactory factory) {
    if (factory.getClusterConfiguration() != null) {
      return factory.getClusterConfiguration();
    }
    if (factory.getSentinelConfiguration() != null) {
      return factory.getSentinelConfiguration();
    }
    return factory.getStandaloneConfiguration();
  }

  private static JedisClientConfig build(
      JedisClientConfiguration client, int database, String username, RedisPassword password) {
    DefaultJedisClientConfig.Builder builder = DefaultJedisClientConfig.builder();
    client.getClientName().ifPresent(builder::clientName);
    builder.connectionTimeoutMillis(Math.toIntExact(client.getConnectTimeout().toMillis()));
    builder.socketTimeoutMillis(Math.toIntExact(client.getReadTimeout().toMillis()));
    builder.database(database);
    if (username != null && !username.isEmpty()) {
      builder.user(username);
    }
    password.toOptional().map(String::new).ifPresent(builder::password);
    if (client.isUseSsl()) {
      builder.ssl(true);
      client.getSslSocketFactory().ifPresent(builder::sslSocketFactory);
      client.getHostnameVerifier().ifPresent(builder::hostnameVerifier);
      client.getSslParameters().ifPresent(builder::sslParameters);
    }
    client.getCustomizer().ifPresent(customizer -> customizer.customize(builder));
    return builder.build();
  }
}
