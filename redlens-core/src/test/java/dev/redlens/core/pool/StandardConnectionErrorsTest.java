package dev.redlens.core.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * The standard classifier on the shapes of failure Lettuce and Jedis produce (re-created with JDK
 * types).
 */
class StandardConnectionErrorsTest {

  private final ConnectionErrorClassifier classifier = ConnectionErrorClassifier.standard();

  /**
   * Stand-ins named like the clients' exceptions (the classifier reads simple names and messages).
   */
  static final class RedisConnectionException extends RuntimeException {
    RedisConnectionException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  static final class JedisConnectionException extends RuntimeException {
    JedisConnectionException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  static final class JedisAccessControlException extends RuntimeException {
    JedisAccessControlException(String message) {
      super(message);
    }
  }

  static final class ConnectTimeoutException extends ConnectException {
    ConnectTimeoutException(String message) {
      super(message);
    }
  }

  @Test
  void refusedCredentialsAreAuthWhereverTheyAreInTheChain() {
    assertThat(
            classify(
                new RedisConnectionException(
                    "Unable to connect to 127.0.0.1:6390",
                    new RuntimeException(
                        "WRONGPASS invalid username-password pair or user is disabled."))))
        .isEqualTo(ConnectionErrorType.AUTH);
    assertThat(classify(new RuntimeException("NOAUTH Authentication required.")))
        .isEqualTo(ConnectionErrorType.AUTH);
    assertThat(
            classify(new JedisAccessControlException("WRONGPASS invalid username-password pair")))
        .isEqualTo(ConnectionErrorType.AUTH);
    assertThat(classify(new RuntimeException("ERR invalid password")))
        .isEqualTo(ConnectionErrorType.AUTH);
  }

  @Test
  void timeoutsWinOverTheConnectWrapperAroundThem() {
    assertThat(
            classify(
                new RedisConnectionException(
                    "Unable to connect to 10.0.0.9:6379",
                    new ConnectTimeoutException("connection timed out"))))
        .isEqualTo(ConnectionErrorType.TIMEOUT);
    assertThat(
            classify(
                new JedisConnectionException(
                    "Failed to connect", new SocketTimeoutException("connect timed out"))))
        .isEqualTo(ConnectionErrorType.TIMEOUT);
  }

  @Test
  void refusedOrUnreachableServersAreConnect() {
    assertThat(
            classify(
                new RedisConnectionException(
                    "Unable to connect to 127.0.0.1:6390",
                    new ConnectException("Connection refused: /127.0.0.1:6390"))))
        .isEqualTo(ConnectionErrorType.CONNECT);
    assertThat(
            classify(
                new JedisConnectionException(
                    "Failed to connect to any host resolved for DNS name.",
                    new UnknownHostException("nowhere"))))
        .isEqualTo(ConnectionErrorType.CONNECT);
    assertThat(classify(new CompletionException(new ConnectException("refused"))))
        .isEqualTo(ConnectionErrorType.CONNECT);
  }

  @Test
  void closedResetOrEndedConnectionsAreClosed() {
    assertThat(classify(new JedisConnectionException("Unexpected end of stream.", null)))
        .isEqualTo(ConnectionErrorType.CLOSED);
    assertThat(classify(new RuntimeException("Connection closed")))
        .isEqualTo(ConnectionErrorType.CLOSED);
    assertThat(classify(new IOException("wrapped", new EOFException())))
        .isEqualTo(ConnectionErrorType.CLOSED);
  }

  @Test
  void otherFailuresAreNotConnectionErrors() {
    assertThat(classify(new IllegalArgumentException("bad config"))).isNull();
    assertThat(classify(new RuntimeException("WRONGTYPE Operation against a key"))).isNull();
    assertThat(classify(null)).isNull();
  }

  private ConnectionErrorType classify(Throwable error) {
    return classifier.classify(error);
  }
}
