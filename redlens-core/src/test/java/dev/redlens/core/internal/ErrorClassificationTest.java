package dev.redlens.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class ErrorClassificationTest {

  /**
   * Stand-ins named like the clients' exceptions: classification goes by type name, not by
   * dependency.
   */
  static final class RedisCommandTimeoutException extends RuntimeException {}

  static final class RedisConnectionException extends RuntimeException {
    RedisConnectionException(Throwable cause) {
      super(cause);
    }
  }

  static final class RedisCommandExecutionException extends RuntimeException {
    RedisCommandExecutionException(String message) {
      super(message);
    }
  }

  static final class RedisCommandInterruptedException extends RuntimeException {
    RedisCommandInterruptedException(Throwable cause) {
      super("Command interrupted", cause);
    }
  }

  static final class JedisDataException extends RuntimeException {
    JedisDataException(String message) {
      super(message);
    }
  }

  static final class JedisConnectionException extends RuntimeException {
    JedisConnectionException(Throwable cause) {
      super(cause);
    }
  }

  @Test
  void prefixesOfRedisErrorReplies() {
    assertThat(ErrorClassification.prefixOf("WRONGTYPE Operation against a key"))
        .isEqualTo("WRONGTYPE");
    assertThat(
            ErrorClassification.prefixOf("OOM command not allowed when used memory > 'maxmemory'."))
        .isEqualTo("OOM");
    assertThat(ErrorClassification.prefixOf("-NOSCRIPT No matching script")).isEqualTo("NOSCRIPT");
    assertThat(ErrorClassification.prefixOf("ERR unknown command 'FOO'")).isEqualTo("ERR");
    assertThat(ErrorClassification.prefixOf("MOVED 3999 127.0.0.1:6381")).isEqualTo("MOVED");
    assertThat(ErrorClassification.prefixOf("BUSYGROUP Consumer Group name already exists"))
        .isEqualTo("BUSYGROUP");
    assertThat(ErrorClassification.prefixOf("lower case message")).isEqualTo("ERR");
    assertThat(ErrorClassification.prefixOf("X".repeat(100) + " long")).isEqualTo("ERR");
    assertThat(ErrorClassification.prefixOf("NOPERM")).isEqualTo("NOPERM");
    assertThat(ErrorClassification.prefixOf("")).isEqualTo("ERR");
    assertThat(ErrorClassification.prefixOf(null)).isEqualTo("ERR");
  }

  @Test
  void exceptionsByKind() {
    assertThat(type(new TimeoutException())).isEqualTo("timeout");
    assertThat(type(new RedisCommandTimeoutException())).isEqualTo("timeout");
    assertThat(type(new SocketTimeoutException("Read timed out"))).isEqualTo("timeout");
    assertThat(type(new JedisConnectionException(new SocketTimeoutException("Read timed out"))))
        .isEqualTo("timeout");
    assertThat(type(new CancellationException())).isEqualTo("cancelled");
    assertThat(type(new InterruptedException())).isEqualTo("cancelled");
    assertThat(type(new RedisCommandInterruptedException(null)))
        .as("by name, without the cause")
        .isEqualTo("cancelled");
    assertThat(type(new RedisConnectionException(new IOException("refused"))))
        .isEqualTo("connection");
    assertThat(type(new ClosedChannelException())).isEqualTo("connection");
    assertThat(type(new RuntimeException("Connection closed"))).isEqualTo("connection");
    assertThat(type(new ExecutionException(new CancellationException()))).isEqualTo("cancelled");
    assertThat(type(new CompletionException(new TimeoutException()))).isEqualTo("timeout");
    assertThat(type(new IllegalStateException("odd"))).isEqualTo("_OTHER");
  }

  @Test
  void errorRepliesThrownByClientsKeepTheirPrefix() {
    ErrorClassification lettuce =
        ErrorClassification.of(
            new RedisCommandExecutionException("WRONGTYPE Operation against a key"));
    assertThat(lettuce.errorType()).isEqualTo("command");
    assertThat(lettuce.statusCode()).isEqualTo("WRONGTYPE");
    ErrorClassification jedis =
        ErrorClassification.of(new JedisDataException("OOM command not allowed"));
    assertThat(jedis.errorType()).isEqualTo("command");
    assertThat(jedis.statusCode()).isEqualTo("OOM");
    assertThat(ErrorClassification.of(new TimeoutException()).statusCode()).isNull();
  }

  private static String type(Throwable error) {
    return ErrorClassification.of(error).errorType();
  }
}
