package dev.redlens.jedis.internal;

import static dev.redlens.core.RedlensSemconv.NETWORK_PEER_ADDRESS;
import static dev.redlens.core.RedlensSemconv.NETWORK_PEER_PORT;

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
  private String address;
  private long port;

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
    if (peer != null) {
      peer.describe(span);
    }
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

  /** Sets the peer of the current socket on {@code span}, when it records and one is connected. */
  void describe(Span span) {
    Socket current = socket;
    if (current == null || !span.isRecording()) {
      return;
    }
    if (current != described) {
      InetAddress remote = current.getInetAddress();
      address = remote == null ? null : remote.getHostAddress();
      port = current.getPort();
      described = current;
    }
    if (address != null) {
      span.setAttribute(NETWORK_PEER_ADDRESS, address);
      span.setAttribute(NETWORK_PEER_PORT, port);
    }
  }
}
