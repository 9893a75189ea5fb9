package dev.redlens.service.internal.redis;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.core.pool.PoolRegistration;
import dev.redlens.lettuce.LettuceTelemetry;
import dev.redlens.project.ProjectCleanup;
import dev.redlens.project.ProjectKeyspace;
import dev.redlens.project.RedisCommandRunner;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.support.ConnectionPoolSupport;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;

/**
 * The service's Redis connections, in two kinds. Both clients share one {@link ClientResources}
 * configured by {@link LettuceTelemetry#configure}: every command is recorded there, once, on the
 * node and database that served it.
 *
 * <ul>
 *   <li><b>Project work</b> ({@link #withProject}): a commons-pool2 pool ({@code
 *       REDIS_MAX_CONNECTIONS}, Lettuce's {@link ConnectionPoolSupport}). Each borrowed connection
 *       is wrapped for the request's project with {@code
 *       ProjectKeyspace.of(id).withTelemetry(telemetry).scope(connection, uri)}: the library
 *       namespaces the keys ({@code project:{uuid}:…}), refuses commands that would leave the
 *       namespace (recording them as failed), and tags each command it sends with the project, so
 *       that its span and metric points carry {@code redlens.project.id}. The pool reports {@code
 *       db.client.connection.*} through {@link LettuceTelemetry#instrumentPool}; borrows go through
 *       its registration (wait time, timeouts, connection errors by type).
 *   <li><b>Administrative work</b> ({@link #withAdmin}, {@link #ping}, {@link #deleteProjectKeys}):
 *       one shared connection of a second client (no project): the health PING, {@code INFO}, and
 *       {@code ProjectCleanup}'s SCAN + UNLINK, which must run unscoped.
 * </ul>
 *
 * <p>The topology comes from the URL's scheme ({@link RedisTopology}): one server and a Sentinel
 * master use a {@link RedisClient} (Lettuce asks the sentinels for the master at each connect); a
 * Redis Cluster uses a {@link RedisClusterClient} whose pooled cluster connections are confined
 * with {@code ProjectKeyspace.scope(clusterConnection)} (a project's keys share one slot, so its
 * commands go to that slot's node). Administrative work runs per node ({@link AdminNodes}, {@link
 * #onEveryNode}); on a cluster, cleanup runs on every master.
 *
 * <p>When Redis is down, commands are rejected at once (not queued) and the failure becomes a
 * {@link RedisUnavailableException}.
 */
public final class RedisConnector implements AutoCloseable {

  private final RedisTopology topology;
  private final RedisURI uri;
  private final String displayUri;
  private final RedisTelemetry telemetry;
  private final ClientResources resources;
  private final AbstractRedisClient projectClient;
  private final RedisClient adminClient;
  private final AdminNodes admin;
  private final GenericObjectPool<StatefulConnection<String, String>> pool;
  private final PoolConnections connections;
  private final PoolRegistration poolRegistration;
  private final PoolStatus poolStatus;
  private final Duration operationTimeout;
  private final SentinelWatch sentinelWatch; // null unless Sentinel

  public RedisConnector(
      String url,
      RedisTelemetry telemetry,
      int maxConnections,
      Duration connectionTimeout,
      Duration operationTimeout) {
    this(RedisTopology.parse(url), telemetry, maxConnections, connectionTimeout, operationTimeout);
  }

  public RedisConnector(
      RedisTopology topology,
      RedisTelemetry telemetry,
      int maxConnections,
      Duration connectionTimeout,
      Duration operationTimeout) {
    this.topology = topology;
    this.uri = topology.uri();
    topology.seeds().forEach(seed -> seed.setTimeout(operationTimeout));
    uri.setTimeout(operationTimeout);
    this.displayUri = topology.display();
    this.telemetry = telemetry;
    this.operationTimeout = operationTimeout;
    // every command of both clients is recorded by the resources (LettuceTelemetry#configure),
    // once, on the node that served it; a scoped connection's commands carry their project
    LettuceTelemetry lettuce = LettuceTelemetry.create(telemetry);
    this.resources =
        lettuce
            .configure(
                DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2))
            .build();
    SocketOptions socket = SocketOptions.builder().connectTimeout(connectionTimeout).build();
    TimeoutOptions timeouts = TimeoutOptions.enabled(operationTimeout);
    ClientOptions.Builder options =
        ClientOptions.builder()
            .socketOptions(socket)
            .timeoutOptions(timeouts)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    Supplier<StatefulConnection<String, String>> connect;
    RedisClusterClient clusterClient = null;
    if (topology.kind() == RedisTopology.Kind.CLUSTER) {
      clusterClient = RedisClusterClient.create(resources, topology.seeds());
      clusterClient.setOptions(
          ClusterClientOptions.builder()
              .socketOptions(socket)
              .timeoutOptions(timeouts)
              // not REJECT_COMMANDS: Lettuce connects to a node when a command first goes there
              // and would reject that command while the connection is pending; commands wait for
              // it (and for a failover) at most the operation timeout
              .disconnectedBehavior(ClientOptions.DisconnectedBehavior.DEFAULT)
              // follow failovers and migrations: refresh on redirections and reconnects, and
              // every 30 s (Lettuce's refresh commands are housekeeping: not recorded)
              .topologyRefreshOptions(
                  ClusterTopologyRefreshOptions.builder()
                      .enableAllAdaptiveRefreshTriggers()
                      .enablePeriodicRefresh(Duration.ofSeconds(30))
                      .build())
              .build());
      this.projectClient = clusterClient;
      connect = clusterClient::connect;
    } else {
      RedisClient client = RedisClient.create(resources, uri);
      client.setOptions(options.build());
      this.projectClient = client;
      connect = client::connect;
    }
    // administrative work: no auto-reconnect, so that a broken connection is replaced at once
    this.adminClient = RedisClient.create(resources);
    adminClient.setOptions(options.autoReconnect(false).build());
    this.admin = new AdminNodes(topology, adminClient, clusterClient);

    GenericObjectPoolConfig<StatefulConnection<String, String>> config =
        new GenericObjectPoolConfig<>();
    config.setMaxTotal(maxConnections);
    config.setMaxIdle(maxConnections);
    config.setMinIdle(0);
    config.setMaxWait(connectionTimeout);
    config.setTestOnBorrow(true);
    config.setJmxEnabled(false);
    this.connections = new PoolConnections(connect);
    // unwrapped: a connection goes back through connections.giveBack, not through its close()
    this.pool = ConnectionPoolSupport.createGenericObjectPool(connections, config, false);
    this.poolRegistration = lettuce.instrumentPool(pool, topology.poolName());
    connections.attach(pool, poolRegistration);
    this.poolStatus = new PoolStatus(telemetry.pools(), poolRegistration);
    // a failover: pooled connections still talk to the old master until they reconnect
    this.sentinelWatch =
        topology.kind() == RedisTopology.Kind.SENTINEL
            ? new SentinelWatch(
                adminClient,
                uri,
                admin::sentinelMaster,
                master -> connections.invalidateAll(),
                SentinelWatch.PERIOD)
            : null;
  }

  // ---- project work
  // ----------------------------------------------------------------------------------------

  /** The keyspace of one project, recording its commands with the service's telemetry. */
  public ProjectKeyspace keyspace(UUID projectId) {
    return ProjectKeyspace.of(projectId.toString()).withTelemetry(telemetry);
  }

  /**
   * Runs {@code body} on the sync API of a pooled connection confined to {@code keyspace}'s
   * project.
   */
  public <T> T withProjectCommands(
      ProjectKeyspace keyspace, Function<RedisCommands<String, String>, T> body) {
    return withProject(keyspace, connection -> body.apply(connection.sync()));
  }

  /**
   * Runs {@code body} on a pooled connection confined to {@code keyspace}'s project (for pipelining
   * with its async API) and returns the connection to the pool. Key names in {@code body} are the
   * project's own ({@code user:1}); the library sends {@code project:{uuid}:user:1}.
   */
  public <T> T withProject(
      ProjectKeyspace keyspace, Function<StatefulRedisConnection<String, String>, T> body) {
    StatefulConnection<String, String> connection;
    try {
      connection = poolRegistration.borrow(pool::borrowObject);
    } catch (NoSuchElementException e) {
      boolean timeout = e.getCause() == null;
      throw new RedisUnavailableException(
          timeout
              ? "no pooled Redis connection became free in time"
              : RedisFailures.describe(displayUri, e),
          e);
    } catch (Exception e) {
      throw new RedisUnavailableException(RedisFailures.describe(displayUri, e), e);
    }
    long borrowed = System.nanoTime();
    try {
      return run(scope(keyspace, connection), body);
    } finally {
      poolRegistration.recordUseTime(System.nanoTime() - borrowed);
      // the pooled connection itself, not the scoped view; not when a Sentinel failover took it
      // out of the pool meanwhile (closed already, the request's failure says so)
      connections.giveBack(connection);
    }
  }

  // ---- administrative work
  // ---------------------------------------------------------------------------------

  /**
   * The view of a pooled connection confined to the project: a server's connection with the
   * server's address for refused commands; a cluster connection routed to the project's slot.
   */
  @SuppressWarnings("unchecked")
  private StatefulRedisConnection<String, String> scope(
      ProjectKeyspace keyspace, StatefulConnection<String, String> connection) {
    return switch (topology.kind()) {
      case CLUSTER -> keyspace.scope((StatefulRedisClusterConnection<String, String>) connection);
      case SENTINEL -> keyspace.scope((StatefulRedisConnection<String, String>) connection);
      case STANDALONE -> keyspace.scope((StatefulRedisConnection<String, String>) connection, uri);
    };
  }

  /**
   * Runs {@code body} on the administrative connection to the primary node (the server, the
   * Sentinel's master, the cluster's first master): unscoped, instrumented without a project.
   */
  public <T> T withAdmin(Function<StatefulRedisConnection<String, String>, T> body) {
    return run(admin.primary(), body);
  }

  /** PING on the primary node's administrative connection: whether Redis answers. */
  public String ping() {
    return withAdmin(connection -> connection.sync().ping());
  }

  /**
   * Sends {@code command} to every node now ({@link AdminNodes#nodes}) on its administrative
   * connection, all at once, and waits for each reply for at most the operation timeout. A node
   * that fails is reported with what went wrong; the list fails only when the nodes cannot be found
   * (a Sentinel or cluster that does not answer).
   */
  public <T> List<NodeReply<T>> onEveryNode(
      Function<RedisAsyncCommands<String, String>, RedisFuture<T>> command) {
    return NodeReply.collect(
        admin.nodes(), admin::connection, command, this::failure, operationTimeout);
  }

  /** The node that holds the project's keys (the master of its slot on a cluster). */
  public String projectNode(ProjectKeyspace keyspace) {
    return admin.nodeForSlot(SlotHash.getSlot(keyspace.keyPrefix())).key();
  }

  /**
   * Deletes every key of the project ({@code ProjectCleanup}: SCAN MATCH + UNLINK in batches; on a
   * cluster on every master); how many.
   */
  public long deleteProjectKeys(ProjectKeyspace keyspace) {
    ProjectCleanup cleanup = ProjectCleanup.of(keyspace);
    if (topology.kind() != RedisTopology.Kind.CLUSTER) {
      return withAdmin(connection -> cleanup.deleteAll(RedisCommandRunner.lettuce(connection)));
    }
    List<RedisCommandRunner> masters =
        admin.nodes().stream()
            .filter(AdminNodes.Node::isMaster)
            .map(node -> RedisCommandRunner.lettuce(admin.connection(node)))
            .toList();
    return runCommands(() -> cleanup.deleteAll(masters));
  }

  // ---- common
  // ----------------------------------------------------------------------------------------------

  private <T> T run(
      StatefulRedisConnection<String, String> connection,
      Function<StatefulRedisConnection<String, String>, T> body) {
    return runCommands(() -> body.apply(connection));
  }

  private <T> T runCommands(Supplier<T> body) {
    try {
      return body.get();
    } catch (RuntimeException e) {
      throw failure(displayUri, e);
    }
  }

  /**
   * What a failure at {@code where} means to the service: an error reply to a command stays as it
   * is (the caller decides), except {@code NOAUTH} (the password changed under the service: Redis
   * is there but not available to it); timeouts, resets, closed connections, cancellations mean
   * Redis is not available right now.
   */
  RuntimeException failure(String where, RuntimeException e) {
    if (e instanceof RedisCommandExecutionException) {
      if (e.getMessage() != null && e.getMessage().startsWith("NOAUTH")) {
        return new RedisUnavailableException(RedisFailures.describe(where, e), e);
      }
      return e;
    }
    if (e instanceof RedisException) {
      return new RedisUnavailableException(RedisFailures.describe(where, e), e);
    }
    return e;
  }

  public String displayUri() {
    return displayUri;
  }

  public RedisURI uri() {
    return uri;
  }

  /** Which Redis: one server, a cluster, a Sentinel master. */
  public RedisTopology topology() {
    return topology;
  }

  /** The pool's state, from the pool telemetry's snapshot. */
  public PoolStatus pool() {
    return poolStatus;
  }

  @Override
  public void close() {
    if (sentinelWatch != null) {
      sentinelWatch.close();
    }
    poolRegistration.close();
    pool.close();
    admin.close();
    projectClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    adminClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }
}
