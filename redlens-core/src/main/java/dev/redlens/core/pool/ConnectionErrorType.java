package dev.redlens.core.pool;

import dev.redlens.core.RedlensSemconv;

/**
 * Why a pooled connection failed: the {@code error.type} of {@code redis.client.connection.errors}.
 */
public enum ConnectionErrorType {
  /** A new connection could not be opened (refused, unknown host, no route). */
  CONNECT(RedlensSemconv.CONNECTION_ERROR_CONNECT),
  /** Opening or handshaking a connection timed out. */
  TIMEOUT(RedlensSemconv.CONNECTION_ERROR_TIMEOUT),
  /** A pooled connection was found closed or broken (failed validation, reset, end of stream). */
  CLOSED(RedlensSemconv.CONNECTION_ERROR_CLOSED),
  /** The server refused the credentials ({@code WRONGPASS}, {@code NOAUTH}, invalid password). */
  AUTH(RedlensSemconv.CONNECTION_ERROR_AUTH);

  private final String value;

  ConnectionErrorType(String value) {
    this.value = value;
  }

  /** The attribute value: {@code connect}, {@code timeout}, {@code closed} or {@code auth}. */
  public String value() {
    return value;
  }
}
