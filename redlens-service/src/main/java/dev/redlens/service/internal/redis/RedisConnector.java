package dev.redlens.service.internal.redis;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.core.pool.PoolRegistration;
import dev.redlens.core.pool.PoolTelemetry;
import dev.redlens.lettuce.LettuceTelemetry;
import dev.redlens.project.ProjectCleanup;
import dev.redlens.project.ProjectKeyspace;
import dev.redlens.project.RedisCommandRunner;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.support.ConnectionPoolSupport;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
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
 * <p>When Redis is down, commands are rejected at once (not queued) and the failure becomes a
 * {@link RedisUnavailableException}.
 */
public final class RedisConnector implements AutoCloseable {

  private final RedisURI uri;
  private final String displayUri;
  private final RedisTelemetry telemetry;
  private final ClientResources resources;
  private final RedisClient projectClient;
  private final RedisClient adminClient;
  private final GenericObjectPool<StatefulRedisConnection<String, String>> pool;
  private final PoolRegistration poolRegistration;
  private final PoolStatus poolStatus;
  private StatefulRedisConnection<String, String> admin; // guarded by this

  public RedisConnector(
      String url,
      RedisTelemetry telemetry,
      int maxConnections,
      Duration connectionTimeout,
      Duration operationTimeout) {
    this.uri = RedisURI.create(url);
    uri.setTimeout(operationTimeout);
    this.displayUri = display(uri);
    this.telemetry = telemetry;
    // every command of both clients is recorded by the resources (LettuceTelemetry#configure),
    // once,
    // on the node that served it; a scoped connection's commands carry their project
    LettuceTelemetry lettuce = LettuceTelemetry.create(telemetry);
    this.resources =
        lettuce
            .configure(
                DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2))
            .build();
    ClientOptions.Builder options =
        ClientOptions.builder()
            .socketOptions(SocketOptions.builder().connectTimeout(connectionTimeout).build())
            .timeoutOptions(TimeoutOptions.enabled(operationTimeout))
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    this.projectClient = RedisClient.create(resources, uri);
    projectClient.setOptions(options.build());
    // administrative work: no auto-reconnect, so that a broken connection is replaced at once
    this.adminClient = RedisClient.create(resources, uri);
    adminClient.setOptions(options.autoReconnect(false).build());

    GenericObjectPoolConfig<StatefulRedisConnection<String, String>> config =
        new GenericObjectPoolConfig<>();
    config.setMaxTotal(maxConnections);
    config.setMaxIdle(maxConnections);
    config.setMinIdle(0);
    config.setMaxWait(connectionTimeout);
    config.setTestOnBorrow(true);
    config.setJmxEnabled(false);
    CreateTimer createTimer = new CreateTimer(projectClient);
    this.pool = ConnectionPoolSupport.createGenericObjectPool(createTimer, config);
    this.poolRegistration = lettuce.instrumentPool(pool, poolName(uri));
    createTimer.registration = poolRegistration;
    this.poolStatus = new PoolStatus(telemetry.pools(), poolRegistration);
  }

  /**
   * Times the creation of the pool's connections ({@code db.client.connection.create_time}):
   * Lettuce's {@code ConnectionPoolSupport} builds its own pool factory, so {@code
   * PoolTelemetry.instrument(factory)} cannot wrap it; the connection supplier is the one place
   * that sees a creation. Failures are not counted here: they reach the borrowing code, whose
   * {@code registration.borrow} classifies them.
   */
  private static final class CreateTimer
      implements java.util.function.Supplier<StatefulRedisConnection<String, String>> {
    private final RedisClient client;
    volatile PoolRegistration registration;

    CreateTimer(RedisClient client) {
      this.client = client;
    }

    @Override
    public StatefulRedisConnection<String, String> get() {
      long start = System.nanoTime();
      StatefulRedisConnection<String, String> connection = client.connect();
      PoolRegistration target = registration;
      if (target != null) {
        target.recordCreateTime(System.nanoTime() - start);
      }
      return connection;
    }
  }

  /**
   * The pool name of the semantic conventions: {@code host:port/db} (a Unix socket: {@code
   * path/db}).
   */
  private static String poolName(RedisURI uri) {
    return uri.getSocket() != null
        ? PoolTelemetry.defaultName(uri.getSocket(), -1, uri.getDatabase())
        : PoolTelemetry.defaultName(uri.getHost(), uri.getPort(), uri.getDatabase());
  }

  /** The URI without credentials. */
  private static String display(RedisURI uri) {
    String scheme = uri.isSsl() ? "rediss" : "redis";
    if (uri.getSocket() != null) {
      return "redis-socket://" + uri.getSocket();
    }
    return scheme
        + "://"
        + uri.getHost()
        + ":"
        + uri.getPort()
        + (uri.getDatabase() == 0 ? "" : "/" + uri.getDatabase());
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
    StatefulRedisConnection<String, String> connection;
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
      return run(keyspace.scope(connection, uri), body);
    } finally {
      poolRegistration.recordUseTime(System.nanoTime() - borrowed);
      connection
          .close(); // the pooled connection itself (not the scoped view): returns it to the pool
    }
  }

  // ---- administrative work
  // ---------------------------------------------------------------------------------

  /**
   * Runs {@code body} on the shared administrative connection (unscoped, instrumented without a
   * project).
   */
  public <T> T withAdmin(Function<StatefulRedisConnection<String, String>, T> body) {
    StatefulRedisConnection<String, String> connection = admin();
    return run(connection, body);
  }

  /** PING on the administrative connection: whether Redis answers. */
  public String ping() {
    return withAdmin(connection -> connection.sync().ping());
  }

  /**
   * Deletes every key of the project ({@code ProjectCleanup}: SCAN MATCH + UNLINK in batches); how
   * many.
   */
  public long deleteProjectKeys(ProjectKeyspace keyspace) {
    return withAdmin(
        connection ->
            ProjectCleanup.of(keyspace).deleteAll(RedisCommandRunner.lettuce(connection)));
  }

  private synchronized StatefulRedisConnection<String, String> admin() {
    if (admin != null && admin.isOpen()) {
      return admin;
    }
    if (admin != null) {
      admin.closeAsync();
      admin = null;
    }
    try {
      admin = adminClient.connect();
      return admin;
    } catch (RuntimeException e) {
      throw new RedisUnavailableException(RedisFailures.describe(displayUri, e), e);
    }
  }

  // ---- common
  // ----------------------------------------------------------------------------------------------

  private <T> T run(
      StatefulRedisConnection<String, String> connection,
      Function<StatefulRedisConnection<String, String>, T> body) {
    try {
      return body.apply(connection);
    } catch (RedisCommandExecutionException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("NOAUTH")) {
        // the password changed under the service: Redis is there but not available to it
        throw new RedisUnavailableException(RedisFailures.describe(displayUri, e), e);
      }
      throw e; // an error reply to a command: the caller decides
    } catch (RedisException e) {
      // timeouts, resets, closed connections, cancellations: Redis is not available right now
      throw new RedisUnavailableException(RedisFailures.describe(displayUri, e), e);
    }
  }

  public String displayUri() {
    return displayUri;
  }

  public RedisURI uri() {
    return uri;
  }

  /** The pool's state, from the pool telemetry's snapshot. */
  public PoolStatus pool() {
    return poolStatus;
  }

  @Override
  public void close() {
    poolRegistration.close();
    pool.close();
    synchronized (this) {
      if (admin != null) {
        admin.close();
        admin = null;
      }
    }
    projectClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    adminClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }
}
