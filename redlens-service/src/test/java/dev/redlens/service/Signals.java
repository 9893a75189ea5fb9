package dev.redlens.service;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Stops and continues a process (SIGSTOP / SIGCONT), as a hung Redis would behave. */
final class Signals {

  private Signals() {}

  static void stop(long pid) {
    send("-STOP", pid);
  }

  static void resume(long pid) {
    send("-CONT", pid);
  }

  private static void send(String signal, long pid) {
    try {
      Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill " + signal + " " + pid + " failed");
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run kill", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
