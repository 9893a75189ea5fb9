package dev.redlens.service.internal.redis;

import io.lettuce.core.RedisURI;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Whether a Redis server answers at an address: one raw {@code PING} over a plain socket, nothing
 * else.
 */
public final class RedisProbe {

  private RedisProbe() {}

  /** Whether {@code uri}'s host and port answer like a Redis server (also with {@code -NOAUTH}). */
  public static boolean answers(String uri, Duration timeout) {
    try {
      RedisURI parsed = RedisURI.create(uri);
      if (parsed.getSocket() != null || parsed.getHost() == null) {
        return false;
      }
      return answers(parsed.getHost(), parsed.getPort(), timeout);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static boolean answers(String host, int port, Duration timeout) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[64];
      int n = in.read(buffer);
      if (n <= 0) {
        return false;
      }
      String reply = new String(buffer, 0, n, StandardCharsets.US_ASCII);
      return reply.startsWith("+PONG") || reply.startsWith("-NOAUTH") || reply.startsWith("-ERR");
    } catch (IOException e) {
      return false;
    }
  }
}
