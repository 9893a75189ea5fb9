package dev.redlens.jedis;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.core.instrumentation.ClientScope;
import dev.redlens.core.pool.PoolRegistration;
import dev.redlens.core.pool.PoolSnapshot;
import dev.redlens.core.pool.PoolTelemetry;
import dev.redlens.jedis.internal.ConnectionTelemetry;
import dev.redlens.jedis.internal.NodePools;
import dev.redlens.jedis.internal.SingleConnectionClient;
import dev.redlens.jedis.internal.SingleConnectionProvider;
import dev.redlens.jedis.internal.TracedClusterConnectionProvider;
import dev.redlens.jedis.internal.TracedConnection;
import dev.redlens.jedis.internal.TracedPooledConnectionProvider;
import dev.redlens.jedis.internal.TracedSentinelConnectionProvider;
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
import redis.clients.jedis.ConnectionFactory;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.DefaultJedisSocketFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.ClusterConnectionProvider;
import redis.clients.jedis.util.JedisURIHelper;
import redis.clients.jedis.util.Pool;

/**
 * OpenTelemetry instrumentation of Jedis 7 through {@link RedisTelemetry}: builds Jedis clients
 * whose every command (plain, pipelined, in a transaction) gets a span and the client metrics of
 * the Redlens telemetry contract, with the same names, attributes and classifications as the
 * Lettuce integration emits for the same commands (the shared conformance suites hold both to it).
 *
 * <pre>{@code
 * RedisTelemetry telemetry = RedisTelemetry.create(openTelemetry);
 * UnifiedJedis jedis = JedisTelemetry.create(telemetry).pooled("redis://localhost:6379/0", new ConnectionPoolConfig());
 * jedis.get("user:1");   // a span "GET" and a db.client.operation.duration point
 * }</pre>
 *
 * <p>Jedis has no listener API. Redlens uses its supported extension points instead of bytecode
 * manipulation or reflection: a {@link Connection} subclass, made by the {@link Connection.Builder}
 * that a {@link ConnectionFactory} takes (pooled) or handed out by a connection provider (single
 * connection). It starts an operation when a command is written and ends the oldest pending one
 * when a reply is read, so pipelines and transactions get one span per command.
 *
 * <p>The pool of each {@linkplain #pooled pooled} client is registered in {@link
 * RedisTelemetry#pools()} as {@code host:port/db} ({@link PoolTelemetry#defaultName}): its {@code
 * db.client.connection.*} metrics, and its state now through {@link #poolSnapshot(RedisClient)}.
 * Closing the client ends the registration.
 */
public final class JedisTelemetry {

  /** The default bound of traced commands per connection awaiting replies (module README). */
  public static final int DEFAULT_MAX_PENDING_REPLIES = 16_384;

  private final RedisTelemetry telemetry;
  private final int maxPendingReplies;
  private final String projectId;
  private final Supplier<? extends ConnectionHook> hooks;
  private final int clusterSlot;

  /** The registrations of the pools of this instance's pooled clients, by pool (held weakly). */
  private final Map<Pool<Connection>, PoolRegistration> pools =
      Collections.synchronizedMap(new WeakHashMap<>());

  private JedisTelemetry(Builder builder) {
    this.telemetry = builder.telemetry;
    this.maxPendingReplies = builder.maxPendingReplies;
    this.projectId = builder.projectId;
    this.hooks = builder.hooks;
    this.clusterSlot = builder.clusterSlot;
  }

  public static JedisTelemetry create(RedisTelemetry telemetry) {
    return builder(telemetry).build();
  }

  public static Builder builder(RedisTelemetry telemetry) {
    return new Builder(telemetry);
  }

  /** Options of {@link JedisTelemetry}. */
  public static final class Builder {
    private final RedisTelemetry telemetry;
    private int maxPendingReplies = DEFAULT_MAX_PENDING_REPLIES;
    private String projectId;
    private Supplier<? extends ConnectionHook> hooks;
    private int clusterSlot = -1;

    private Builder(RedisTelemetry telemetry) {
      this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
    }

    /**
     * How many commands of one connection awaiting their replies are traced (a pipeline deeper than
     * that sends the rest without telemetry, so memory stays bounded); default {@value
     * #DEFAULT_MAX_PENDING_REPLIES}.
     */
    public Builder setMaxPendingReplies(int maxPendingReplies) {
      if (maxPendingReplies < 1) {
        throw new IllegalArgumentException(
            "maxPendingReplies must be positive: " + maxPendingReplies);
      }
      this.maxPendingReplies = maxPendingReplies;
      return this;
    }

    /**
     * Records every command of this instance's clients with {@code redlens.project.id} ({@link
     * dev.redlens.core.instrumentation.ClientScope#withProject}); null (the default) for none.
     */
    public Builder setProjectId(String projectId) {
      this.projectId = projectId;
      return this;
    }

    /**
     * The {@link ConnectionHook} of each connection of this instance's clients (the extension point
     * of {@code dev.redlens.jedis.spi}: rewrite commands, transform replies); {@code hooks} is
     * called once per connection made. Null (the default) for none.
     */
    public Builder setConnectionHook(Supplier<? extends ConnectionHook> hooks) {
      this.hooks = hooks;
      return this;
    }

    /**
     * Routes every command of this instance's cluster clients to the master of {@code slot},
     * whatever its keys (for keys a hook puts in one slot, as a project's); -1 (default): by key.
     */
    public Builder setClusterSlot(int slot) {
      this.clusterSlot = TracedClusterConnectionProvider.checkedSlot(slot);
      return this;
    }

    public JedisTelemetry build() {
      return new JedisTelemetry(this);
    }
  }

  // ---- pooled ----

  /**
   * A pooled client ({@link RedisClient}, Jedis's successor of {@code JedisPooled}) for {@code
   * redis[s]://[[user]:password@]host[:port][/database]}.
   *
   * @param poolConfig the pool's configuration; null for Jedis's defaults ({@link
   *     ConnectionPoolConfig})
   */
  public RedisClient pooled(String uri, GenericObjectPoolConfig<Connection> poolConfig) {
    return pooled(URI.create(Objects.requireNonNull(uri, "uri")), poolConfig);
  }

  /** A pooled client for {@code uri}; see {@link #pooled(String, GenericObjectPoolConfig)}. */
  public RedisClient pooled(URI uri, GenericObjectPoolConfig<Connection> poolConfig) {
    return pooled(hostAndPort(uri), DefaultJedisClientConfig.builder(uri).build(), poolConfig);
  }

  /**
   * A pooled client for {@code hostAndPort} with {@code config} (timeouts, credentials, database,
   * protocol, TLS). Its pool is registered in {@link RedisTelemetry#pools()} as {@code
   * host:port/db} ({@link PoolTelemetry#defaultName}; {@code #2}, {@code #3}… appended when another
   * live pool has that name, see {@link #poolName(RedisClient)}) until the client is closed.
   *
   * @param poolConfig the pool's configuration; null for Jedis's defaults ({@link
   *     ConnectionPoolConfig})
   */
  public RedisClient pooled(
      HostAndPort hostAndPort,
      JedisClientConfig config,
      GenericObjectPoolConfig<Connection> poolConfig) {
    Objects.requireNonNull(hostAndPort, "hostAndPort");
    Objects.requireNonNull(config, "config");
    TracedPooledConnectionProvider provider = newPool(hostAndPort, config, poolConfig);
    pools.put(provider.getPool(), provider.registration());
    return RedisClient.builder()
        .hostAndPort(hostAndPort)
        .clientConfig(config)
        .connectionProvider(provider)
        .build();
  }

  /**
   * The one place this integration makes a connection pool, of {@code node}: its connections are
   * {@link TracedConnection}s in {@code node}'s telemetry scope, the pool is built on {@code
   * pools.instrument(factory)} and registered in {@code telemetry.pools()} as {@code host:port/db}
   * by the provider, whose borrows go through the registration.
   */
  private TracedPooledConnectionProvider newPool(
      HostAndPort node, JedisClientConfig config, GenericObjectPoolConfig<Connection> poolConfig) {
    ConnectionTelemetry connections = connectionTelemetry(node, config);
    ConnectionFactory factory =
        ConnectionFactory.builder()
            .hostAndPort(node)
            .clientConfig(config)
            .socketFactory(new DefaultJedisSocketFactory(node, config))
            .connectionBuilder(
                new TracedConnection.Builder(connections, false)
                    .socketFactory(new DefaultJedisSocketFactory(node, config))
                    .clientConfig(config))
            .build();
    return new TracedPooledConnectionProvider(
        factory,
        poolConfig == null ? new ConnectionPoolConfig() : poolConfig,
        connections,
        telemetry.pools(),
        PoolTelemetry.defaultName(node.getHost(), node.getPort(), config.getDatabase()));
  }

  // ---- cluster and sentinel ----

  /**
   * A Redis Cluster client ({@link RedisClusterClient}) that discovers the cluster from {@code
   * nodes} (any of its nodes). Every command (plain, pipelined with {@code pipelined()}, in a
   * transaction) is one span and one set of points naming the node that served it ({@code
   * server.address}/{@code server.port}); a command redirected with {@code MOVED} or {@code ASK}
   * stays one operation, ended on the node that answered, and the redirection is counted ({@code
   * redis.client.cluster.redirections}); Jedis's own topology commands are not traced. Each node
   * gets its own instrumented pool, registered as {@code host:port/db}, until the client is closed.
   *
   * @param config the configuration of every node's connections (timeouts, credentials, protocol)
   * @param poolConfig each node's pool configuration; null for Jedis's defaults
   */
  public RedisClusterClient cluster(
      Set<HostAndPort> nodes,
      JedisClientConfig config,
      GenericObjectPoolConfig<Connection> poolConfig) {
    ClusterConnectionProvider provider = clusterConnectionProvider(nodes, config, poolConfig);
    return RedisClusterClient.builder()
        .nodes(nodes)
        .clientConfig(config)
        .connectionProvider(provider)
        .build();
  }

  /**
   * The connection provider of a {@link #cluster} client, for frameworks that build their own
   * cluster client on it: Spring Data Redis's {@code JedisConnectionFactory} needs a {@code
   * JedisCluster} ({@code new JedisCluster(provider, maxAttempts, maxTotalRetriesDuration)}; see
   * {@code redlens-spring-boot-starter}). Commands sent through it are reported as by {@link
   * #cluster}; close it (or the client built on it) to close its pools.
   */
  public ClusterConnectionProvider clusterConnectionProvider(
      Set<HostAndPort> nodes,
      JedisClientConfig config,
      GenericObjectPoolConfig<Connection> poolConfig) {
    Objects.requireNonNull(config, "config");
    NodePools nodePools = new NodePools(node -> newPool(node, config, poolConfig));
    ClientScope noNode = telemetry.scope(null, 0, config.getDatabase());
    noNode = projectId == null ? noNode : noNode.withProject(projectId);
    ConnectionTelemetry unsent = new ConnectionTelemetry(noNode, maxPendingReplies, null);
    return new TracedClusterConnectionProvider(
        nodes, config, poolConfig, nodePools, unsent, clusterSlot);
  }

  /**
   * A client of the master that the sentinels at {@code sentinels} name {@code masterName} ({@link
   * RedisSentinelClient}): every command (plain, pipelined, in a transaction) is one span and one
   * set of points naming the master that served it, before and after a failover. The current
   * master's pool is registered as {@code host:port/db}; after a failover the new master's pool
   * replaces it.
   *
   * @param masterConfig the configuration of the master's connections (database, credentials…)
   * @param sentinelConfig the configuration of the connections to the sentinels
   */
  public RedisSentinelClient sentinel(
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
    NodePools nodePools = new NodePools(node -> newPool(node, masterConfig, poolConfig));
    TracedSentinelConnectionProvider provider =
        new TracedSentinelConnectionProvider(
            masterName, masterConfig, poolConfig, sentinels, sentinelConfig, nodePools);
    return RedisSentinelClient.builder()
        .masterName(masterName)
        .sentinels(sentinels)
        .clientConfig(masterConfig)
        .sentinelClientConfig(sentinelConfig)
        .connectionProvider(provider)
        .build();
  }

  /**
   * The name of {@code client}'s pool on its metrics ({@code db.client.connection.pool.name}), for
   * a client made by this instance's {@link #pooled} and not closed; empty otherwise.
   */
  public Optional<String> poolName(RedisClient client) {
    return registration(client).map(PoolRegistration::name);
  }

  /**
   * The state of {@code client}'s pool now (used, idle, max, utilization, waiters, timeouts and
   * connection errors since the client was made), for a status endpoint; empty when {@code client}
   * was not made by this instance's {@link #pooled} or is closed. {@code
   * telemetry.pools().snapshot()} lists every registered pool.
   */
  public Optional<PoolSnapshot> poolSnapshot(RedisClient client) {
    Optional<String> name = poolName(client);
    if (name.isEmpty()) {
      return Optional.empty();
    }
    return telemetry.pools().snapshot().stream()
        .filter(s -> s.name().equals(name.get()))
        .findFirst();
  }

  private Optional<PoolRegistration> registration(RedisClient client) {
    Objects.requireNonNull(client, "client");
    Pool<Connection> pool;
    try {
      pool = client.getPool();
    } catch (RuntimeException e) {
      return Optional.empty(); // not a pooled client (another connection provider)
    }
    PoolRegistration registration = pool == null ? null : pools.get(pool);
    if (registration == null || registration.isClosed()) {
      return Optional.empty();
    }
    return Optional.of(registration);
  }

  // ---- single connection ----

  /**
   * A client on one connection (like {@code new Jedis(uri)}, but a {@link UnifiedJedis} whose
   * pipelines and transactions work), connecting on its first command and reconnecting on the next
   * command after its connection broke. Not thread-safe: use it from one thread at a time, or use
   * {@link #pooled}.
   */
  public UnifiedJedis single(String uri) {
    URI parsed = URI.create(Objects.requireNonNull(uri, "uri"));
    return single(hostAndPort(parsed), DefaultJedisClientConfig.builder(parsed).build());
  }

  /**
   * A client on one connection to {@code hostAndPort} with {@code config}; see {@link
   * #single(String)}.
   */
  public UnifiedJedis single(HostAndPort hostAndPort, JedisClientConfig config) {
    Objects.requireNonNull(hostAndPort, "hostAndPort");
    Objects.requireNonNull(config, "config");
    ConnectionTelemetry connections = connectionTelemetry(hostAndPort, config);
    TracedConnection.Builder builder = new TracedConnection.Builder(connections, true);
    builder.socketFactory(new DefaultJedisSocketFactory(hostAndPort, config)).clientConfig(config);
    SingleConnectionProvider provider =
        new SingleConnectionProvider(builder.buildUnconnected(), connections);
    return new SingleConnectionClient(provider, config.getRedisProtocol());
  }

  /**
   * A new connection to {@code hostAndPort} with {@code config} that reports every command it
   * carries, connected (its handshake untraced). For frameworks that make their own {@code Jedis}
   * objects ({@code new Jedis(connection)}) rather than take a client from here, such as Spring
   * Data Redis's {@code JedisConnectionFactory} (which {@code redlens-spring-boot-starter}
   * instruments this way). Closing it closes the socket.
   */
  public Connection connection(HostAndPort hostAndPort, JedisClientConfig config) {
    Objects.requireNonNull(hostAndPort, "hostAndPort");
    Objects.requireNonNull(config, "config");
    TracedConnection.Builder builder =
        new TracedConnection.Builder(connectionTelemetry(hostAndPort, config), false);
    builder.socketFactory(new DefaultJedisSocketFactory(hostAndPort, config)).clientConfig(config);
    return builder.build();
  }

  private ConnectionTelemetry connectionTelemetry(
      HostAndPort hostAndPort, JedisClientConfig config) {
    ClientScope scope = ConnectionTelemetry.scope(telemetry, hostAndPort, config);
    return new ConnectionTelemetry(
        projectId == null ? scope : scope.withProject(projectId), maxPendingReplies, hooks);
  }

  private static HostAndPort hostAndPort(URI uri) {
    if (!JedisURIHelper.isValid(uri)) {
      throw new IllegalArgumentException("Not a Redis URI (redis[s]://host[:port][/db]): " + uri);
    }
    return JedisURIHelper.getHostAndPort(uri);
  }
}
