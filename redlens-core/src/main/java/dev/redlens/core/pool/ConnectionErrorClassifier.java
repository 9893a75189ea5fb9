package dev.redlens.core.pool;

/**
 * Tells whether a failure of a pool (on borrow, on creating a connection, or swallowed by the pool)
 * is a connection error, and of which type.
 */
@FunctionalInterface
public interface ConnectionErrorClassifier {

  /** The type of connection error {@code error} is, or null when it is not a connection error. */
  ConnectionErrorType classify(Throwable error);

  /**
   * The classifier that suits Lettuce and Jedis: it reads the cause chain by JDK types and, by
   * simple name and message, by the clients' exception types (without depending on them).
   * Credentials refused ({@code WRONGPASS}, {@code NOAUTH}, invalid password, an authentication
   * exception) anywhere in the chain is {@link ConnectionErrorType#AUTH AUTH}; else a timeout type
   * is {@link ConnectionErrorType#TIMEOUT TIMEOUT}; else a refused or unreachable connection is
   * {@link ConnectionErrorType#CONNECT CONNECT}; else a closed, reset or ended connection is {@link
   * ConnectionErrorType#CLOSED CLOSED}; anything else is null.
   */
  static ConnectionErrorClassifier standard() {
    return StandardConnectionErrors.INSTANCE;
  }
}
