package dev.redlens.core.instrumentation;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logs a degradation once per kind of problem, so a telemetry backend that fails on every command
 * does not flood the application's log. The instrumentation never throws into the application; this
 * is how it says that something went wrong instead.
 */
public final class OnceLogger {

  private static final int MAX_KINDS = 256;

  private final Logger logger;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  public OnceLogger(Class<?> owner) {
    this.logger = Logger.getLogger(owner.getName());
  }

  /**
   * Logs {@code message} with {@code error} at WARNING the first time this kind of problem is seen.
   */
  public void warnOnce(String kind, String message, Throwable error) {
    if (seen.size() < MAX_KINDS && seen.add(kind)) {
      logger.log(Level.WARNING, message + " (logged once; later occurrences are silent)", error);
    }
  }
}
