package dev.redlens.testing.internal;

import dev.redlens.launcher.LoopbackPort;

/** A free loopback port for fixtures: {@link LoopbackPort#free()} (never 6379, bus port free). */
public final class FreePort {

  private FreePort() {}

  public static int find() {
    return LoopbackPort.free();
  }
}
