package dev.redlens.testing.internal;

import java.io.IOException;

/** The launcher's minimal RESP2 connection, under the name the fixtures' tests use. */
public final class RespConnection extends dev.redlens.launcher.RespConnection {

  public RespConnection(String host, int port, int timeoutMillis) throws IOException {
    super(host, port, timeoutMillis);
  }
}
