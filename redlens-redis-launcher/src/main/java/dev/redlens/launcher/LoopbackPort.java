package dev.redlens.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A TCP port that is free on the loopback interface right now. Never the conventional Redis port
 * 6379 (a developer's own server may run there, and a test must never touch it), and its cluster
 * bus port ({@code port + 10000}) is free as well, so a cluster node can be started on it.
 */
public final class LoopbackPort {

  /** The conventional Redis port, never handed out. */
  public static final int CONVENTIONAL_REDIS_PORT = 6379;

  /** What Redis Cluster adds to a node's port for its bus port. */
  public static final int CLUSTER_BUS_OFFSET = 10_000;

  private static final int HIGHEST = 65_535 - CLUSTER_BUS_OFFSET;
  private static final int ATTEMPTS = 200;

  private LoopbackPort() {}

  /** A free port (see the class comment); throws when none is found after a few hundred tries. */
  public static int free() {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      int port = anyFree();
      if (usable(port) && isFree(port + CLUSTER_BUS_OFFSET)) {
        return port;
      }
    }
    throw new IllegalStateException(
        "cannot find a free loopback port whose port + " + CLUSTER_BUS_OFFSET + " is free too");
  }

  /** Whether {@code port} could be handed out by {@link #free()} (ignoring whether it is free). */
  static boolean usable(int port) {
    return port > 1024 && port <= HIGHEST && port != CONVENTIONAL_REDIS_PORT;
  }

  /** Whether a server socket can be bound to {@code port} on the loopback interface now. */
  public static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int anyFree() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind any loopback port", e);
    }
  }
}
