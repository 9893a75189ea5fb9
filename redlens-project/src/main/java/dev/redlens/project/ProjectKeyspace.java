package dev.redlens.project;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.core.catalog.CommandCatalog;
import dev.redlens.project.internal.Bytes;
import dev.redlens.project.internal.lettuce.LettuceEntry;
import dev.redlens.project.rewrite.KeyspaceRewriter;
import dev.redlens.project.rewrite.ProjectIsolationException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.Objects;

/**
 * One project's keyspace: its key prefix ({@code project:{uuid}:} by default), its command
 * rewriter, and connections confined to it. Immutable; the {@code with…} methods return modified
 * copies.
 *
 * <pre>{@code
 * ProjectKeyspace keyspace = ProjectKeyspace.of("0f8c2a4e-6d1b-4c3a-9f2e-5b7d8a9c0e1f")
 *     .withTelemetry(telemetry);                        // spans and metrics carry redlens.project.id
 * StatefulRedisConnection<String, String> redis = keyspace.connect(redisClient);
 * redis.sync().set("user:1", "Ada");                   // SET project:{0f8c…}:user:1 Ada
 * redis.sync().keys("user:*");                         // [user:1]
 * redis.sync().flushdb();                              // ProjectIsolationException: refused, names the reason
 * }</pre>
 *
 * <p>Client integrations adapt {@link #rewriter()}: Lettuce ({@link #connect}, {@link
 * #connectPubSub}, {@link #scope}) and Jedis ({@link #jedisPooled}, {@link #jedisCluster}); each
 * client library is only needed when its methods are called.
 */
public final class ProjectKeyspace {

  /**
   * The default key prefix; {@code %s} is the project id. The braces make it a Redis Cluster hash
   * tag.
   */
  public static final String DEFAULT_PREFIX_TEMPLATE = "project:{%s}:";

  private final String projectId;
  private final String template;
  private final boolean trustedScripts;
  private final CommandCatalog catalog;
  private final RedisTelemetry telemetry;
  private final KeyspaceRewriter rewriter;

  private ProjectKeyspace(
      String projectId,
      String template,
      boolean trustedScripts,
      CommandCatalog catalog,
      RedisTelemetry telemetry) {
    this.projectId = projectId;
    this.template = template;
    this.trustedScripts = trustedScripts;
    this.catalog = catalog;
    this.telemetry = telemetry;
    CommandCatalog effective =
        catalog != null
            ? catalog
            : telemetry != null ? telemetry.catalog() : CommandCatalog.builtIn();
    this.rewriter =
        new KeyspaceRewriter(
            projectId,
            String.format(template, projectId),
            family(template),
            effective,
            trustedScripts);
  }

  /**
   * The keyspace of {@code projectId}, a canonical lower-case UUID.
   *
   * @throws IllegalArgumentException if the id is not one, naming the problem
   */
  public static ProjectKeyspace of(String projectId) {
    return new ProjectKeyspace(
        ProjectIds.requireValid(projectId), DEFAULT_PREFIX_TEMPLATE, false, null, null);
  }

  /**
   * The same project with another key prefix: {@code template} contains {@code %s} once, for the
   * project id, after a non-empty fixed part that no key of an unscoped application starts with
   * (the fixed part is the "namespace family": a scoped connection refuses names that start with
   * it, so no project can name another's keys). Example: {@code "tenant:{%s}:"}.
   */
  public ProjectKeyspace withKeyPrefix(String template) {
    Objects.requireNonNull(template, "template");
    int at = template.indexOf("%s");
    if (at < 0 || template.indexOf("%s", at + 2) >= 0 || template.replace("%s", "").contains("%")) {
      throw new IllegalArgumentException(
          "A key prefix template contains '%s' exactly once (for the project id) and no other '%': "
              + template);
    }
    if (at == 0) {
      throw new IllegalArgumentException(
          "A key prefix template starts with a fixed part before '%s' (e.g. \"project:{%s}:\"): "
              + template);
    }
    if (template.endsWith("%s")) {
      throw new IllegalArgumentException(
          "A key prefix template ends with a separator after '%s', or one project's prefix would be a prefix of"
              + " another's keys: "
              + template);
    }
    return new ProjectKeyspace(projectId, template, trustedScripts, catalog, telemetry);
  }

  /**
   * The same project, trusted to run scripts and functions whose keys Redlens cannot check
   * (computed inside the script, functions loaded on the server). Their declared keys are still
   * prefixed; keeping them in the namespace is then left to the project's ACL user ({@link
   * ProjectAcl}), which the server checks for every command a script calls.
   */
  public ProjectKeyspace withTrustedScripts() {
    return new ProjectKeyspace(projectId, template, true, catalog, telemetry);
  }

  /**
   * The same project, resolving commands with {@code catalog} (e.g. one that learned module
   * commands).
   */
  public ProjectKeyspace withCatalog(CommandCatalog catalog) {
    return new ProjectKeyspace(
        projectId, template, trustedScripts, Objects.requireNonNull(catalog), telemetry);
  }

  /**
   * The same project, recording the commands of its connections with {@code telemetry}: spans and
   * client metrics carry {@code redlens.project.id}, and {@link RedisTelemetry#snapshot(String)}
   * answers for the project. Refused commands are recorded as failed operations. Lettuce: the
   * commands a scoped connection sends are recorded by the client's resources (configure them with
   * {@code LettuceTelemetry#configure}, with this telemetry), on the node and database that served
   * them and with the project; this telemetry records the refused ones.
   */
  public ProjectKeyspace withTelemetry(RedisTelemetry telemetry) {
    return new ProjectKeyspace(
        projectId, template, trustedScripts, catalog, Objects.requireNonNull(telemetry));
  }

  public String projectId() {
    return projectId;
  }

  /** The key prefix, e.g. {@code project:{0f8c…}:}. */
  public String keyPrefix() {
    return String.format(template, projectId);
  }

  /** A glob pattern matching every key of the project (for SCAN MATCH and ACL key patterns). */
  public String keyPattern() {
    return Bytes.text(Bytes.globLiteral(Bytes.utf8(keyPrefix()))) + "*";
  }

  public boolean isTrustedScripts() {
    return trustedScripts;
  }

  /** The client-neutral rewriter that client integrations adapt. */
  public KeyspaceRewriter rewriter() {
    return rewriter;
  }

  // ---- Lettuce
  // ---------------------------------------------------------------------------------------------
  // The bodies live in internal classes so that this class loads without Lettuce or Jedis on the
  // class path:
  // each client library is needed only when its methods are called.

  /** A new connection of {@code client} confined to the project, with String keys and values. */
  public StatefulRedisConnection<String, String> connect(RedisClient client) {
    return LettuceEntry.connect(rewriter, telemetry, client);
  }

  /**
   * A new connection of {@code client} confined to the project. Closing it closes the underlying
   * connection.
   */
  public <K, V> StatefulRedisConnection<K, V> connect(RedisClient client, RedisCodec<K, V> codec) {
    return LettuceEntry.connect(rewriter, telemetry, client, codec);
  }

  /**
   * A new connection to the Redis Cluster of {@code client}, confined to the project, with String
   * keys and values; see {@link #connect(RedisClusterClient, RedisCodec)}.
   */
  public StatefulRedisConnection<String, String> connect(RedisClusterClient client) {
    return connect(client, io.lettuce.core.codec.StringCodec.UTF8);
  }

  /**
   * A new connection to the Redis Cluster of {@code client}, confined to the project. All of a
   * project's keys share one slot (the hash tag of the prefix), so the project sees one
   * connection's API ({@link StatefulRedisConnection}): each command goes to the node that serves
   * the project's slot and follows {@code MOVED}/{@code ASK} redirections; KEYS and SCAN list that
   * node only, which holds all of the project's keys; multi-key commands and scripts over the
   * project's keys work as on one node. Commands that name no key (PING, ECHO) go to any node.
   * Transactions (MULTI/EXEC) are not supported on it: Lettuce's cluster connection may send MULTI
   * and the commands after it to different nodes. Closing it closes the cluster connection.
   */
  public <K, V> StatefulRedisConnection<K, V> connect(
      RedisClusterClient client, RedisCodec<K, V> codec) {
    return LettuceEntry.connectCluster(rewriter, telemetry, client, codec);
  }

  /**
   * A new pub/sub connection of {@code client} confined to the project, with String channels and
   * messages.
   */
  public StatefulRedisPubSubConnection<String, String> connectPubSub(RedisClient client) {
    return LettuceEntry.connectPubSub(rewriter, telemetry, client);
  }

  /**
   * A new pub/sub connection of {@code client} confined to the project: channels and patterns are
   * prefixed, and listeners see them without the prefix.
   */
  public <K, V> StatefulRedisPubSubConnection<K, V> connectPubSub(
      RedisClient client, RedisCodec<K, V> codec) {
    return LettuceEntry.connectPubSub(rewriter, telemetry, client, codec);
  }

  /**
   * {@code connection} confined to the project (e.g. a pooled connection). Only commands sent
   * through the returned connection are confined: whoever keeps {@code connection} itself can still
   * send anything.
   */
  public <K, V> StatefulRedisConnection<K, V> scope(StatefulRedisConnection<K, V> connection) {
    return LettuceEntry.scope(rewriter, telemetry, connection, null);
  }

  /**
   * {@link #scope(StatefulRedisConnection)} for a connection to {@code server}: its telemetry
   * carries the server's address, port and database ({@code server.address}, {@code server.port},
   * {@code db.namespace}).
   */
  public <K, V> StatefulRedisConnection<K, V> scope(
      StatefulRedisConnection<K, V> connection, io.lettuce.core.RedisURI server) {
    return LettuceEntry.scope(rewriter, telemetry, connection, server);
  }

  /**
   * A cluster connection (e.g. a pooled one) confined to the project, seen as one connection as by
   * {@link #connect(RedisClusterClient, RedisCodec)}: each command goes to the node of the
   * project's slot. Only commands sent through the returned connection are confined; closing it
   * closes {@code connection}, so a pool's user returns {@code connection} itself instead.
   */
  public <K, V> StatefulRedisConnection<K, V> scope(
      io.lettuce.core.cluster.api.StatefulRedisClusterConnection<K, V> connection) {
    return LettuceEntry.scopeCluster(rewriter, telemetry, connection);
  }

  // ---- Jedis
  // ----------------------------------------------------------------------------------------------

  /**
   * A pooled Jedis client ({@link redis.clients.jedis.UnifiedJedis}) for {@code
   * redis[s]://[[user]:password@]host[:port][/database]}, confined to the project; see {@link
   * #jedisPooled(redis.clients.jedis.HostAndPort, redis.clients.jedis.JedisClientConfig,
   * org.apache.commons.pool2.impl.GenericObjectPoolConfig)}.
   */
  public redis.clients.jedis.UnifiedJedis jedisPooled(
      String uri,
      org.apache.commons.pool2.impl.GenericObjectPoolConfig<redis.clients.jedis.Connection>
          poolConfig) {
    return dev.redlens.project.internal.jedis.JedisEntry.pooled(
        rewriter, telemetry, uri, poolConfig);
  }

  /**
   * A pooled Jedis client for {@code hostAndPort} with {@code config} (timeouts, credentials,
   * database, protocol, TLS), confined to the project: every command of every Jedis API (typed
   * commands, {@code sendCommand}, pipelines, transactions, pub/sub) goes through {@link
   * #rewriter()}; refused commands throw {@link ProjectIsolationException} before reaching the
   * server; key-bearing replies and pub/sub events come back without the prefix. With {@link
   * #withTelemetry}, each command is one span and one set of metric points carrying {@code
   * redlens.project.id} (do not build it with {@code JedisTelemetry} as well: this client is
   * instrumented already).
   *
   * <p>Works on Jedis 6.0 and later (tested on 6.0.0, 7.0.0 and the version Redlens is built with;
   * on 8.0.2 by hand): the client is redlens-jedis's pooled client, Jedis's own {@code RedisClient}
   * from Jedis 7.1 on (cast it for {@code getPool()}), a {@code UnifiedJedis} on the same pool
   * before. The declared type is {@code UnifiedJedis} so that this class names no type that Jedis 6
   * and 7.0 lack.
   *
   * @param poolConfig the pool's configuration; null for Jedis's defaults
   */
  public redis.clients.jedis.UnifiedJedis jedisPooled(
      redis.clients.jedis.HostAndPort hostAndPort,
      redis.clients.jedis.JedisClientConfig config,
      org.apache.commons.pool2.impl.GenericObjectPoolConfig<redis.clients.jedis.Connection>
          poolConfig) {
    return dev.redlens.project.internal.jedis.JedisEntry.pooled(
        rewriter, telemetry, hostAndPort, config, poolConfig);
  }

  /**
   * A Jedis client of the Redis Cluster that {@code nodes} (any of its nodes) belong to, confined
   * to the project as {@link #jedisPooled(redis.clients.jedis.HostAndPort,
   * redis.clients.jedis.JedisClientConfig, org.apache.commons.pool2.impl.GenericObjectPoolConfig)
   * jedisPooled}'s. All of a project's keys share one slot (the hash tag of the prefix), so the
   * project sees one node's API ({@link redis.clients.jedis.UnifiedJedis}, not a cluster client):
   * every command, pipeline and transaction goes to the master serving the project's slot,
   * following {@code MOVED}/{@code ASK} redirections and failovers with Jedis's cluster retries;
   * multi-key commands, scripts, transactions, KEYS and SCAN work as on one node (that master holds
   * all of the project's keys); commands Jedis broadcasts (SCRIPT LOAD, FUNCTION LOAD) run on that
   * master only. Each node has its own pool, registered as {@code host:port/db}; spans name the
   * node that served each command.
   *
   * @param config the configuration of every node's connections (timeouts, credentials, protocol)
   * @param poolConfig each node's pool configuration; null for Jedis's defaults
   *     <p>Tested on Jedis 6.0.0, 7.0.0 and the version Redlens is built with. <b>Not on Jedis
   *     8</b> yet: its cluster executor picks nodes by the caller's (unprefixed) keys, past the
   *     project's slot routing, and fails with {@code MOVED} (redlens-project README, "Jedis
   *     versions").
   * @throws IllegalArgumentException if the key prefix has no hash tag ({@link #withKeyPrefix})
   */
  public redis.clients.jedis.UnifiedJedis jedisCluster(
      java.util.Set<redis.clients.jedis.HostAndPort> nodes,
      redis.clients.jedis.JedisClientConfig config,
      org.apache.commons.pool2.impl.GenericObjectPoolConfig<redis.clients.jedis.Connection>
          poolConfig) {
    return dev.redlens.project.internal.jedis.JedisEntry.cluster(
        rewriter, telemetry, nodes, config, poolConfig);
  }

  private static String family(String template) {
    return template.substring(0, template.indexOf("%s"));
  }

  @Override
  public String toString() {
    return "ProjectKeyspace[" + keyPrefix() + (trustedScripts ? ", trusted scripts" : "") + "]";
  }
}
