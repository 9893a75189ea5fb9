package dev.redlens.testing.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A TCP port that is free on the loopback interface right now (never 6379, the conventional Redis
 * port).
 */
public final class FreePort {

  private FreePort() {}

  public static int find() {
    for (int attempt = 0; attempt < 20; attempt++) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        socket.setReuseAddress(true);
        int port = socket.getLocalPort();
        if (port != 6379 && port != 16379) {
          return port;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot find a free port", e);
      }
    }
    throw new IllegalStateException("cannot find a free port");
  }
}
