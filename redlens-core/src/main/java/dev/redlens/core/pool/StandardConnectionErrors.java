package dev.redlens.core.pool;

import dev.redlens.core.instrumentation.CauseChain;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * The standard {@link ConnectionErrorClassifier}: reads the whole cause chain, first for refused
 * credentials, then for timeouts, then for refused or unreachable servers, then for closed
 * connections, by JDK type and, for the clients' own exceptions (Lettuce's {@code
 * RedisConnectionException}, Jedis's {@code JedisConnectionException}, {@code
 * JedisAccessControlException}…), by simple name and message.
 */
enum StandardConnectionErrors implements ConnectionErrorClassifier {
  INSTANCE;

  @Override
  public ConnectionErrorType classify(Throwable error) {
    if (error == null) {
      return null;
    }
    if (CauseChain.anyMatch(error, StandardConnectionErrors::isAuth)) {
      return ConnectionErrorType.AUTH;
    }
    if (CauseChain.anyMatch(error, StandardConnectionErrors::isTimeout)) {
      return ConnectionErrorType.TIMEOUT;
    }
    if (CauseChain.anyMatch(error, StandardConnectionErrors::isConnect)) {
      return ConnectionErrorType.CONNECT;
    }
    if (CauseChain.anyMatch(error, StandardConnectionErrors::isClosed)) {
      return ConnectionErrorType.CLOSED;
    }
    return null;
  }

  private static String name(Throwable error) {
    return error.getClass().getSimpleName().toLowerCase(Locale.ROOT);
  }

  private static String message(Throwable error) {
    String message = error.getMessage();
    return message == null ? "" : message.toLowerCase(Locale.ROOT);
  }

  private static boolean isAuth(Throwable error) {
    String message = message(error);
    return message.startsWith("wrongpass")
        || message.startsWith("noauth")
        || message.contains("invalid password")
        || message.contains("invalid username-password")
        || message.contains("-wrongpass")
        || message.contains("-noauth")
        || name(error).contains("authentication")
        || name(error).equals("jedisaccesscontrolexception");
  }

  private static boolean isTimeout(Throwable error) {
    return error instanceof TimeoutException
        || error instanceof java.net.SocketTimeoutException
        || name(error).contains("timeout");
  }

  private static boolean isConnect(Throwable error) {
    if (error instanceof ConnectException
        || error instanceof UnknownHostException
        || error instanceof NoRouteToHostException) {
      return true;
    }
    String message = message(error);
    return message.startsWith("unable to connect")
        || message.startsWith("failed to connect")
        || message.contains("connection refused");
  }

  private static boolean isClosed(Throwable error) {
    if (error instanceof ClosedChannelException
        || error instanceof EOFException
        || error instanceof SocketException) {
      return true;
    }
    String message = message(error);
    return message.contains("connection closed")
        || message.contains("connection reset")
        || message.contains("broken pipe")
        || message.contains("end of stream")
        || message.contains("disconnected")
        || message.contains("not connected")
        || message.contains("unable to validate object");
  }
}
