package dev.redlens.jedis.internal;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.core.instrumentation.ClientScope;
import dev.redlens.core.pool.PoolRegistration;
import dev.redlens.core.pool.PoolTelemetry;
import dev.redlens.jedis.spi.ConnectionHook;
import java.net.URI;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Supplier;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * The one place where the instrumented connection providers of one {@code JedisTelemetry} are made
 * (its options, its clients' pool registrations), for the entry points of every Jedis range ({@code
 * JedisTelemetry}, {@code RedisClients}). Only API that every Jedis from 6 to 8 has is used here;
 * what differs is behind {@link JedisConnections} and {@link JedisClients}. Thread-safe.
 */
public final class InstrumentedProviders {

  private final RedisTelemetry telemetry;
  private final int maxPendingReplies;
  private final String projectId;
  private final Supplier<? extends ConnectionHook> hooks;
  private final int clusterSlot;

  /** The registrations of the pools of the pooled clients made here, by client (held weakly). */
  private final Map<UnifiedJedis, PoolRegistration> pools =
      Collections.synchronizedMap(new WeakHashMap<>());

  public InstrumentedProviders(
      RedisTelemetry telemetry,
      int maxPendingReplies,
      String projectId,
      Supplier<? extends ConnectionHook> hooks,
      int clusterSlot) {
    this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
    this.maxPendingReplies = maxPendingReplies;
    this.projectId = projectId;
    this.hooks = hooks;
    this.clusterSlot = TracedClusterConnectionProvider.checkedSlot(clusterSlot);
  }

  /**
   * A pooled client for {@code node} ({@link JedisClients}: a {@code RedisClient} from Jedis 7.1
   * on), whose pool stays registered for {@link #registration} until the client is closed.
   */
  public UnifiedJedis pooled(
      HostAndPort node, JedisClientConfig config, GenericObjectPoolConfig<Connection> poolConfig) {
    Objects.requireNonNull(node, "hostAndPort");
    Objects.requireNonNull(config, "config");
    TracedPooledConnectionProvider provider = pool(node, config, poolConfig);
    UnifiedJedis client = JedisClients.CURRENT.pooled(node, config, provider);
    pools.put(client, provider.registration());
    return client;
  }

  /**
   * The one place this integration makes a connection pool, of {@code node}: its connections are
   * {@link TracedConnection}s in {@code node}'s telemetry scope, the pool is built on {@code
   * pools.instrument(factory)} and registered in {@code telemetry.pools()} as {@code host:port/db}
   * by the provider, whose borrows go through the registration.
   */
  private TracedPooledConnectionProvider pool(
      HostAndPort node, JedisClientConfig config, GenericObjectPoolConfig<Connection> poolConfig) {
    ConnectionTelemetry connections = connectionTelemetry(node, config);
    return new TracedPooledConnectionProvider(
        JedisConnections.CURRENT.pooled(node, config, connections),
        poolConfig == null ? new ConnectionPoolConfig() : poolConfig,
        connections,
        telemetry.pools(),
        PoolTelemetry.defaultName(node.getHost(), node.getPort(), config.getDatabase()));
  }

  /**
   * The connection provider of a cluster client (one instrumented pool per node), routing by key,
   * or every command to the master of the cluster slot given (-1: none).
   */
  public TracedClusterConnectionProvider cluster(
      Set<HostAndPort> nodes,
      JedisClientConfig config,
      GenericObjectPoolConfig<Connection> poolConfig) {
    Objects.requireNonNull(config, "config");
    if (nodes == null || nodes.isEmpty()) {
      throw new IllegalArgumentException("A cluster client needs at least one node");
    }
    NodePools nodePools = new NodePools(node -> pool(node, config, poolConfig));
    ClientScope noNode = telemetry.scope(null, 0, config.getDatabase());
    return new TracedClusterConnectionProvider(
        nodes,
        config,
        poolConfig,
        nodePools,
        new ConnectionTelemetry(
            projectId == null ? noNode : noNode.withProject(projectId), maxPendingReplies, null),
        clusterSlot);
  }

  /** The connection provider of a Sentinel client (an instrumented pool of the current master). */
  public TracedSentinelConnectionProvider sentinel(
      String masterName,
      Set<HostAndPort> sentinels,
      JedisClientConfig masterConfig,
      JedisClientConfig sentinelConfig) {
    Objects.requireNonNull(masterName, "masterName");
    Objects.requireNonNull(masterConfig, "masterConfig");
    Objects.requireNonNull(sentinelConfig, "sentinelConfig");
    if (sentinels == null || sentinels.isEmpty()) {
      throw new IllegalArgumentException("A sentinel client needs at least one sentinel");
    }
    ConnectionPoolConfig poolConfig = new ConnectionPoolConfig();
    NodePools nodePools = new NodePools(node -> pool(node, masterConfig, poolConfig));
    return new TracedSentinelConnectionProvider(
        masterName, masterConfig, poolConfig, sentinels, sentinelConfig, nodePools);
  }

  /**
   * A client of the master that {@link #sentinel}'s provider follows ({@link JedisClients}: a
   * {@code RedisSentinelClient} from Jedis 7.1 on).
   */
  public UnifiedJedis sentinelClient(
      String masterName,
      Set<HostAndPort> sentinels,
      JedisClientConfig masterConfig,
      JedisClientConfig sentinelConfig) {
    return JedisClients.CURRENT.sentinel(
        masterName,
        sentinels,
        masterConfig,
        sentinelConfig,
        sentinel(masterName, sentinels, masterConfig, sentinelConfig));
  }

  /** A client on one pinned connection to {@code node}, connecting on its first command. */
  public UnifiedJedis single(HostAndPort node, JedisClientConfig config) {
    Objects.requireNonNull(node, "hostAndPort");
    Objects.requireNonNull(config, "config");
    ConnectionTelemetry connections = connectionTelemetry(node, config);
    SingleConnectionProvider provider =
        new SingleConnectionProvider(
            JedisConnections.CURRENT.pinned(node, config, connections), connections);
    return new ProviderClient(provider, config.getRedisProtocol());
  }

  /** A new traced connection to {@code node}, connected (its handshake untraced). */
  public Connection connection(HostAndPort node, JedisClientConfig config) {
    Objects.requireNonNull(node, "hostAndPort");
    Objects.requireNonNull(config, "config");
    return JedisConnections.CURRENT.connected(node, config, connectionTelemetry(node, config));
  }

  /** The live registration of the pool of {@code client}, made here; empty otherwise. */
  public Optional<PoolRegistration> registration(UnifiedJedis client) {
    PoolRegistration registration = pools.get(Objects.requireNonNull(client, "client"));
    return registration == null || registration.isClosed()
        ? Optional.empty()
        : Optional.of(registration);
  }

  private ConnectionTelemetry connectionTelemetry(HostAndPort node, JedisClientConfig config) {
    ClientScope scope = ConnectionTelemetry.scope(telemetry, node, config);
    return new ConnectionTelemetry(
        projectId == null ? scope : scope.withProject(projectId), maxPendingReplies, hooks);
  }

  /** The node of {@code redis[s]://[[user]:password@]host[:port][/database]}. */
  public static HostAndPort hostAndPort(URI uri) {
    if (!JedisURIHelper.isValid(uri)) {
      throw new IllegalArgumentException("Not a Redis URI (redis[s]://host[:port][/db]): " + uri);
    }
    return JedisURIHelper.getHostAndPort(uri);
  }

  /**
   * The client configuration of {@code uri}: credentials, database, protocol ({@code ?protocol=3})
   * and TLS ({@code rediss}), as Jedis 7.1's {@code DefaultJedisClientConfig.builder(URI)} reads
   * them, through the builder methods of every Jedis version.
   */
  public static JedisClientConfig config(URI uri) {
    hostAndPort(uri); // validates
    return DefaultJedisClientConfig.builder()
        .user(JedisURIHelper.getUser(uri))
        .password(JedisURIHelper.getPassword(uri))
        .database(JedisURIHelper.getDBIndex(uri))
        .protocol(JedisURIHelper.getRedisProtocol(uri))
        .ssl(JedisURIHelper.isRedisSSLScheme(uri))
        .build();
  }
}
