package dev.redlens.conformance;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The few client operations the conformance suites need, implemented once per client integration
 * over an <em>instrumented</em> client. Typed reads ({@link #get}, {@link #mget}, {@link #hget},
 * {@link #hmget}) go through the client's own typed API, so that its notion of nil is what the
 * telemetry inspects; everything else may go through the client's raw command API. Error replies
 * and connection failures are thrown as the client throws them.
 */
public interface RedisDriver extends AutoCloseable {

  String set(String key, String value);

  /** The value, or null when the key does not exist. */
  String get(String key);

  /** The values, null for each key that does not exist. */
  List<String> mget(String... keys);

  long hset(String key, String field, String value);

  String hget(String key, String field);

  /** The values, null for each field that does not exist. */
  List<String> hmget(String key, String... fields);

  /**
   * A command by name and arguments ({@code "CLIENT", "LIST"}), sent on the calling thread; the
   * reply with bulk strings as {@code String}s, integers as {@code Long}s and arrays as {@code
   * List}s.
   */
  Object command(String... commandAndArguments);

  /**
   * {@link #command} without waiting for its reply (on another thread if the client has no
   * asynchronous API); the future fails as the command fails.
   */
  CompletableFuture<Object> commandAsync(String... commandAndArguments);

  /**
   * The commands pipelined: all written before any reply is read, on the calling thread; the
   * replies in order (an error reply as its exception in the list).
   */
  List<Object> pipeline(List<String[]> commands);

  /**
   * The commands between {@code MULTI} and {@code EXEC}, on the calling thread; {@code EXEC}'s
   * results. A failed {@code EXEC} (such as {@code EXECABORT}) is thrown.
   */
  List<Object> transaction(List<String[]> commands);

  /**
   * Where this client legitimately differs from a plain one (a project-scoped client); {@link
   * ClientTraits#PLAIN} by default.
   */
  default ClientTraits traits() {
    return ClientTraits.PLAIN;
  }

  @Override
  void close();
}
