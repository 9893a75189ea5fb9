package dev.redlens.jedis;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.core.pool.PoolRegistration;
import dev.redlens.core.pool.PoolSnapshot;
import dev.redlens.core.pool.PoolTelemetry;
import dev.redlens.jedis.internal.InstrumentedProviders;
import dev.redlens.jedis.internal.JedisClients;
import dev.redlens.jedis.internal.TracedClusterConnectionProvider;
import dev.redlens.jedis.spi.ConnectionHook;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.ClusterConnectionProvider;

/**
 * OpenTelemetry instrumentation of Jedis 6, 7 and 8 through {@link RedisTelemetry}: builds Jedis
 * clients whose every command (plain, pipelined, in a transaction) gets a span and the client
 * metrics of the Redlens telemetry contract, with the same names, attributes and classifications as
 * the Lettuce integration emits for the same commands (the shared conformance suites hold both to
 * it).
 *
 * <pre>{@code
 * RedisTelemetry telemetry = RedisTelemetry.create(openTelemetry);
 * UnifiedJedis jedis = JedisTelemetry.create(telemetry).pooled("redis://localhost:6379/0", null);
 * jedis.get("user:1");   // a span "GET" and a db.client.operation.duration point
 * }</pre>
 *
 * <p>Every method here returns a type that every Jedis from 6.0 to 8.x has ({@link UnifiedJedis},
 * {@link JedisCluster}, {@link Connection}), so this class loads and can be introspected (Spring
 * does) whatever the Jedis version. On Jedis 7.1 and later the pooled and Sentinel clients are
 * Jedis's own {@code RedisClient} and {@code RedisSentinelClient}; {@link #redisClients()} returns
 * them with those types.
 *
 * <p>Jedis has no listener API. Redlens uses its supported extension points instead of bytecode
 * manipulation or reflection: a {@link Connection} subclass, made by the pool's connection factory
 * (pooled) or handed out by a connection provider (single connection). It starts an operation when
 * a command is written and ends the oldest pending one when a reply is read, so pipelines and
 * transactions get one span per command. Where Jedis versions differ, one code path per range is
 * chosen once by class presence (see the module README).
 *
 * <p>The pool of each {@linkplain #pooled pooled} client is registered in {@link
 * RedisTelemetry#pools()} as {@code host:port/db} ({@link PoolTelemetry#defaultName}): its {@code
 * db.client.connection.*} metrics, and its state now through {@link #poolSnapshot(UnifiedJedis)}.
 * Closing the client ends the registration.
 */
public final class JedisTelemetry {

  /** The default bound of traced commands per connection awaiting replies (module README). */
  public static final int DEFAULT_MAX_PENDING_REPLIES = 16_384;

  private final RedisTelemetry telemetry;
  private final InstrumentedProviders providers;

  private JedisTelemetry(Builder builder) {
    this.telemetry = builder.telemetry;
    this.providers =
        new InstrumentedProviders(
            builder.telemetry,
            builder.maxPendingReplies,
            builder.projectId,
            builder.hooks,
            builder.clusterSlot);
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
   * A pooled client for {@code redis[s]://[[user]:password@]host[:port][/database]} (credentials,
   * database, {@code ?protocol=3}, TLS for {@code rediss}).
   *
   * @param poolConfig the pool's configuration; null for Jedis's defaults ({@link
   *     ConnectionPoolConfig})
   */
  public UnifiedJedis pooled(String uri, GenericObjectPoolConfig<Connection> poolConfig) {
    return pooled(URI.create(Objects.requireNonNull(uri, "uri")), poolConfig);
  }

  /** A pooled client for {@code uri}; see {@link #pooled(String, GenericObjectPoolConfig)}. */
  public UnifiedJedis pooled(URI uri, GenericObjectPoolConfig<Connection> poolConfig) {
    return pooled(
        InstrumentedProviders.hostAndPort(uri), InstrumentedProviders.config(uri), poolConfig);
  }

  /**
   * A pooled client for {@code hostAndPort} with {@code config} (timeouts, credentials, database,
   * protocol, TLS): on Jedis 7.1 and later a {@code RedisClient} (Jedis's successor of {@code
   * JedisPooled}), on Jedis 6 and 7.0 a {@link UnifiedJedis} on the same pooled provider. Its pool
   * is registered in {@link RedisTelemetry#pools()} as {@code host:port/db} ({@link
   * PoolTelemetry#defaultName}; {@code #2}, {@code #3}… appended when another live pool has that
   * name, see {@link #poolName(UnifiedJedis)}) until the client is closed.
   *
   * @param poolConfig the pool's configuration; null for Jedis's defaults ({@link
   *     ConnectionPoolConfig})
   */
  public UnifiedJedis pooled(
      HostAndPort hostAndPort,
      JedisClientConfig config,
      GenericObjectPoolConfig<Connection> poolConfig) {
    return providers.pooled(hostAndPort, config, poolConfig);
  }

  /**
   * The name of {@code client}'s pool on its metrics ({@code db.client.connection.pool.name}), for
   * a client made by this instance's {@link #pooled} (or {@link RedisClients#pooled}) and not
   * closed; empty otherwise.
   */
  public Optional<String> poolName(UnifiedJedis client) {
    return providers.registration(client).map(PoolRegistration::name);
  }

  /**
   * The state of {@code client}'s pool now (used, idle, max, utilization, waiters, timeouts and
   * connection errors since the client was made), for a status endpoint; empty when {@code client}
   * was not made by this instance's {@link #pooled} or is closed. {@code
   * telemetry.pools().snapshot()} lists every registered pool.
   */
  public Optional<PoolSnapshot> poolSnapshot(UnifiedJedis client) {
    Optional<String> name = poolName(client);
    if (name.isEmpty()) {
      return Optional.empty();
    }
    return telemetry.pools().snapshot().stream()
        .filter(s -> s.name().equals(name.get()))
        .findFirst();
  }

  // ---- cluster and sentinel ----

  /**
   * A Redis Cluster client ({@link JedisCluster}, which every Jedis from 6 to 8 has) that discovers
   * the cluster from {@code nodes} (any of its nodes). Every command (plain, pipelined with {@code
   * pipelined()}, in a transaction on {@code getConnectionFromSlot}) is one span and one set of
   * points naming the node that served it ({@code server.address}/{@code server.port}); a command
   * redirected with {@code MOVED} or {@code ASK} stays one operation, ended on the node that
   * answered, and the redirection is counted ({@code redis.client.cluster.redirections}); Jedis's
   * own topology commands are not traced. Each node gets its own instrumented pool, registered as
   * {@code host:port/db}, until the client is closed. Jedis's defaults apply: 5 attempts, within
   * the socket timeout times 5.
   *
   * @param config the configuration of every node's connections (timeouts, credentials, protocol)
   * @param poolConfig each node's pool configuration; null for Jedis's defaults
   */
  public JedisCluster cluster(
      Set<HostAndPort> nodes,
      JedisClientConfig config,
      GenericObjectPoolConfig<Connection> poolConfig) {
    ClusterConnectionProvider provider = clusterConnectionProvider(nodes, config, poolConfig);
    return new JedisCluster(
        provider,
        JedisCluster.DEFAULT_MAX_ATTEMPTS,
        Duration.ofMillis(
            (long) config.getSocketTimeoutMillis() * JedisCluster.DEFAULT_MAX_ATTEMPTS));
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
    return providers.cluster(nodes, config, poolConfig);
  }

  /**
   * A client of the master that the sentinels at {@code sentinels} name {@code masterName} (on
   * Jedis 7.1 and later a {@code RedisSentinelClient}, before that a {@link UnifiedJedis} on the
   * same provider, as {@code JedisSentineled}): every command (plain, pipelined, in a transaction)
   * is one span and one set of points naming the master that served it, before and after a
   * failover. The current master's pool is registered as {@code host:port/db}; after a failover the
   * new master's pool replaces it.
   *
   * @param masterConfig the configuration of the master's connections (database, credentials…)
   * @param sentinelConfig the configuration of the connections to the sentinels
   */
  public UnifiedJedis sentinel(
      String masterName,
      Set<HostAndPort> sentinels,
      JedisClientConfig masterConfig,
      JedisClientConfig sentinelConfig) {
    return providers.sentinelClient(masterName, sentinels, masterConfig, sentinelConfig);
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
    return single(InstrumentedProviders.hostAndPort(parsed), InstrumentedProviders.config(parsed));
  }

  /**
   * A client on one connection to {@code hostAndPort} with {@code config}; see {@link
   * #single(String)}.
   */
  public UnifiedJedis single(HostAndPort hostAndPort, JedisClientConfig config) {
    return providers.single(hostAndPort, config);
  }

  /**
   * A new connection to {@code hostAndPort} with {@code config} that reports every command it
   * carries, connected (its handshake untraced). For frameworks that make their own {@code Jedis}
   * objects ({@code new Jedis(connection)}) rather than take a client from here, such as Spring
   * Data Redis's {@code JedisConnectionFactory} (which {@code redlens-spring-boot-starter}
   * instruments this way). Closing it closes the socket.
   */
  public Connection connection(HostAndPort hostAndPort, JedisClientConfig config) {
    return providers.connection(hostAndPort, config);
  }

  // ---- Jedis 7.1+
  // -----------------------------------------------------------------------------------------

  /**
   * Whether the Jedis on the class path has Jedis 7.1's client types ({@code RedisClient}…), so
   * that {@link #redisClients()} works: for code that picks its own path per Jedis range without
   * naming those types where Jedis 6 and 7.0 would load them (e.g. {@code redlens-project}).
   */
  public static boolean hasRedisClients() {
    return JedisClients.CURRENT.redisClients();
  }

  /**
   * The entry points returning Jedis 7.1's client types ({@code RedisClient}, {@code
   * RedisClusterClient}, {@code RedisSentinelClient}), on this instance's options and pool
   * registrations. They are in a class of their own so that this one names no type that Jedis 6 and
   * 7.0 lack.
   *
   * @throws UnsupportedOperationException on Jedis 6 and 7.0 (use this class's methods); {@link
   *     #hasRedisClients()} tells beforehand
   */
  public RedisClients redisClients() {
    if (!hasRedisClients()) {
      throw new UnsupportedOperationException(
          "RedisClient needs Jedis 7.1 or later; use JedisTelemetry's pooled, cluster and sentinel");
    }
    return new RedisClients(providers);
  }
}
