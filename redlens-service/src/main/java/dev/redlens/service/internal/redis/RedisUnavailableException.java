package dev.redlens.service.internal.redis;

/**
 * Redis could not be reached (or a pooled connection not obtained): the API answers 503, never 500.
 */
public final class RedisUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RedisUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
