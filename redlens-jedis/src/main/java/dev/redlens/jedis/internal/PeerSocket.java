package dev.redlens.jedis.internal;

import static dev.redlens.core.RedlensSemconv.NETWORK_PEER_ADDRESS;
import static dev.redlens.core.RedlensSemconv.NETWORK_PEER_PORT;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import java.net.InetAddress;
import java.net.Socket;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisSocketFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * The socket factory of one connection, in front of the one Jedis gave it: it keeps the socket it
 * made, so that the connection's spans carry the peer that socket is actually connected to ({@code
 * network.peer.address}/{@code network.peer.port}: the resolved address, where {@code
 * server.address} is the name the client was given). A reconnect makes a new socket, and the peer
 * follows it. Used by one thread at a time, like its connection.
 *
 * <p>It is a {@link DefaultJedisSocketFactory} because Jedis casts a connection's factory to that
 * class to learn its node ({@code Connection#getHostAndPort}, used by {@code JedisSentinelPool}):
 * the node and its updates are the wrapped factory's.
 */
final class PeerSocket extends DefaultJedisSocketFactory {

  private final DefaultJedisSocketFactory delegate;
  private Socket socket;
  private Socket described;
  private Attributes attributes = Attributes.empty();

  private PeerSocket(DefaultJedisSocketFactory delegate) {
    this.delegate = delegate;
  }

  /** The peer of a connection made by {@code factory}; null for a factory of the application's. */
  static PeerSocket of(JedisSocketFactory factory) {
    return factory instanceof DefaultJedisSocketFactory standard ? new PeerSocket(standard) : null;
  }

  /**
   * The builder a connection is made from: a copy of the client's with {@code peer} as its socket
   * factory (a copy, as the client's may build other connections concurrently).
   */
  static Connection.Builder builder(PeerSocket peer, Connection.Builder client) {
    return peer == null
        ? client
        : new Connection.Builder().socketFactory(peer).clientConfig(client.getClientConfig());
  }

  /** {@link #describe(Span)} by {@code peer}, when the connection has one. */
  static void describe(PeerSocket peer, Span span) {
    if (peer != null && span.isRecording()) {
      span.setAllAttributes(peer.attributes());
    }
  }

  /** {@link #attributes()} of {@code peer}; empty when the connection has none. */
  static Attributes attributes(PeerSocket peer) {
    return peer == null ? Attributes.empty() : peer.attributes();
  }

  @Override
  public HostAndPort getHostAndPort() {
    return delegate.getHostAndPort();
  }

  @Override
  public void updateHostAndPort(HostAndPort hostAndPort) {
    delegate.updateHostAndPort(hostAndPort);
  }

  @Override
  public String toString() {
    return delegate.toString();
  }

  @Override
  public Socket createSocket() throws JedisConnectionException {
    Socket created = delegate.createSocket();
    socket = created;
    return created;
  }

  /**
   * The peer of the current socket as span attributes, built once per socket (empty while none is
   * connected): a command's span gets them when it starts.
   */
  Attributes attributes() {
    Socket current = socket;
    if (current == null) {
      return Attributes.empty();
    }
    if (current != described) {
      InetAddress remote = current.getInetAddress();
      attributes =
          remote == null
              ? Attributes.empty()
              : Attributes.of(
                  NETWORK_PEER_ADDRESS,
                  remote.getHostAddress(),
                  NETWORK_PEER_PORT,
                  (long) current.getPort());
      described = current;
    }
    return attributes;
  }
}
