package dev.redlens.jedis.internal;

import java.util.Collection;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.PooledObjectFactory;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionFactory;
import redis.clients.jedis.DefaultJedisSocketFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisClusterInfoCache;
import redis.clients.jedis.authentication.AuthXManager;

/**
 * How {@link TracedConnection}s are made, one implementation per Jedis range, chosen once when this
 * class loads by whether {@code Connection.Builder} exists (as OpenTelemetry's instrumentation
 * chooses per library version; the other range's classes are never loaded):
 *
 * <ul>
 *   <li><b>Jedis 7.0 and later</b>: Jedis's own extension point, a {@link ConnectionFactory} built
 *       with a {@link Connection.Builder} ({@link TracedConnectionBuilder}) that makes the pool's
 *       connections;
 *   <li><b>Jedis 6</b> (no {@code Connection.Builder}; its {@code ConnectionFactory} always makes
 *       plain connections): a {@code ConnectionFactory} whose {@code makeObject} makes a traced
 *       connection and runs its handshake, validation and re-authentication unchanged.
 * </ul>
 *
 * <p>The cluster's masters also differ: Jedis 7 knows them ({@code getPrimaryNodes}), Jedis 6's
 * cluster provider picks any node for a keyless command, and so does Redlens's on Jedis 6.
 */
public abstract class JedisConnections {

  /** The implementation for the Jedis on the class path. */
  public static final JedisConnections CURRENT = choose();

  JedisConnections() {}

  /** The factory of a pool of connections to {@code node}, each in {@code telemetry}'s scope. */
  public abstract PooledObjectFactory<Connection> pooled(
      HostAndPort node, JedisClientConfig config, ConnectionTelemetry telemetry);

  /** A connection to {@code node}, connected (its handshake untraced). */
  public abstract Connection connected(
      HostAndPort node, JedisClientConfig config, ConnectionTelemetry telemetry);

  /** The pinned connection of a single-connection client: it connects on its first command. */
  public abstract TracedConnection pinned(
      HostAndPort node, JedisClientConfig config, ConnectionTelemetry telemetry);

  /** The {@code host:port} of the nodes a keyless cluster command may run on. */
  abstract Collection<String> keylessNodes(JedisClusterInfoCache cache);

  private static JedisConnections choose() {
    return JedisRange.has("redis.clients.jedis.Connection$Builder") ? new Jedis7() : new Jedis6();
  }

  /** Jedis 7.0 and later: {@code ConnectionFactory.builder().connectionBuilder(…)}. */
  private static final class Jedis7 extends JedisConnections {

    @Override
    public PooledObjectFactory<Connection> pooled(
        HostAndPort node, JedisClientConfig config, ConnectionTelemetry telemetry) {
      return ConnectionFactory.builder()
          .hostAndPort(node)
          .clientConfig(config)
          .socketFactory(new DefaultJedisSocketFactory(node, config))
          .connectionBuilder(builder(node, config, telemetry, false))
          .build();
    }

    @Override
    public Connection connected(
        HostAndPort node, JedisClientConfig config, ConnectionTelemetry telemetry) {
      return builder(node, config, telemetry, false).build();
    }

    @Override
    public TracedConnection pinned(
        HostAndPort node, JedisClientConfig config, ConnectionTelemetry telemetry) {
      return builder(node, config, telemetry, true).buildUnconnected();
    }

    private static TracedConnectionBuilder builder(
        HostAndPort node, JedisClientConfig config, ConnectionTelemetry telemetry, boolean pinned) {
      TracedConnectionBuilder builder = new TracedConnectionBuilder(telemetry, pinned);
      builder.socketFactory(new DefaultJedisSocketFactory(node, config)).clientConfig(config);
      return builder;
    }

    @Override
    Collection<String> keylessNodes(JedisClusterInfoCache cache) {
      return cache.getPrimaryNodes().keySet();
    }
  }

  /** Jedis 6: a {@code ConnectionFactory} whose {@code makeObject} makes traced connections. */
  private static final class Jedis6 extends JedisConnections {

    @Override
    public PooledObjectFactory<Connection> pooled(
        HostAndPort node, JedisClientConfig config, ConnectionTelemetry telemetry) {
      return new Factory(new DefaultJedisSocketFactory(node, config), config, telemetry);
    }

    @Override
    public Connection connected(
        HostAndPort node, JedisClientConfig config, ConnectionTelemetry telemetry) {
      return connect(socket(node, config), config, telemetry);
    }

    @Override
    public TracedConnection pinned(
        HostAndPort node, JedisClientConfig config, ConnectionTelemetry telemetry) {
      return new TracedConnection(socket(node, config), config, telemetry, true);
    }

    /** The socket factory of one connection (each connection has its own, see PeerSocket). */
    private static PeerSocket socket(HostAndPort node, JedisClientConfig config) {
      return PeerSocket.of(new DefaultJedisSocketFactory(node, config));
    }

    private static TracedConnection connect(
        PeerSocket socket, JedisClientConfig config, ConnectionTelemetry telemetry) {
      TracedConnection connection = new TracedConnection(socket, config, telemetry, false);
      connection.initialize();
      return connection;
    }

    @Override
    Collection<String> keylessNodes(JedisClusterInfoCache cache) {
      return cache.getNodes().keySet();
    }

    /**
     * Jedis 6's pool factory (validation, re-authentication and destruction unchanged) making
     * traced connections, registered with the client's token-based authentication as Jedis's own.
     */
    private static final class Factory extends ConnectionFactory {
      private final DefaultJedisSocketFactory node;
      private final JedisClientConfig config;
      private final ConnectionTelemetry telemetry;

      Factory(
          DefaultJedisSocketFactory node, JedisClientConfig config, ConnectionTelemetry telemetry) {
        super(node, config);
        this.node = node;
        this.config = config;
        this.telemetry = telemetry;
      }

      @Override
      public PooledObject<Connection> makeObject() {
        Connection connection = connect(PeerSocket.of(node), config, telemetry);
        AuthXManager auth = config.getAuthXManager();
        return new DefaultPooledObject<>(
            auth == null ? connection : auth.addConnection(connection));
      }
    }
  }
}
