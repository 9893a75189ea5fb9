package dev.redlens.jedis.internal;

import static dev.redlens.core.RedlensSemconv.NETWORK_PEER_ADDRESS;
import static dev.redlens.core.RedlensSemconv.NETWORK_PEER_PORT;

import io.opentelemetry.api.trace.Span;
import java.net.InetAddress;
import java.net.Socket;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * The socket factory of one connection, in front of the one Jedis gave it: it keeps the socket it
 * made, so that the connection's spans carry the peer that socket is actually connected to ({@code
 * network.peer.address}/{@code network.peer.port}: the resolved address, where {@code
 * server.address} is the name the client was given). A reconnect makes a new socket, and the peer
 * follows it. Used by one thread at a time, like its connection.
 */
final class PeerSocket implements JedisSocketFactory {

  private final JedisSocketFactory delegate;
  private Socket socket;
  private Socket described;
  private String address;
  private long port;

  PeerSocket(JedisSocketFactory delegate) {
    this.delegate = delegate;
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
