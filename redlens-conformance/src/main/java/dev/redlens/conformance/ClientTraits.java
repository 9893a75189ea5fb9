package dev.redlens.conformance;

import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Where a client under test legitimately differs from a plain one, as the suites need to know it: a
 * project-scoped client puts its project on every span and metric point, sends keys in the
 * project's namespace (so the query text shows the prefixed key), and refuses commands outside its
 * project before sending them (each refusal still recorded as a failed operation); a cluster client
 * may retry a command whose connection failed. The suites run every test against every client and
 * ask the driver's traits instead of skipping.
 *
 * @param projectId the {@code redlens.project.id} on the client's telemetry, or null
 * @param keyAsSent a key as the server receives it (and the query text shows it)
 * @param refuses whether the client refuses a command ({@code "CONFIG", "SET", …}) without sending
 *     it
 * @param refusalErrorType the {@code error.type} of a refused command's operation
 * @param retries whether the client sends a command again, on a new connection, when its connection
 *     failed under it (a timeout, a connection lost): Jedis's cluster client does, up to its
 *     attempts and deadline. Each attempt is an operation of its own (one span, one point, one
 *     classified error each); the caller sees the last attempt's outcome.
 * @param broadcasts whether the client sends a command (by name) to every master of a cluster
 *     rather than to one node: Jedis 8's cluster client does so for keyless commands the server
 *     marks {@code all_shards}, such as {@code PING}. Each node's command is an operation of its
 *     own, naming that node.
 */
public record ClientTraits(
    String projectId,
    UnaryOperator<String> keyAsSent,
    Predicate<String[]> refuses,
    String refusalErrorType,
    boolean retries,
    Predicate<String> broadcasts) {

  /** A plain client: no project, keys as given, nothing refused, no retries. */
  public static final ClientTraits PLAIN =
      new ClientTraits(null, UnaryOperator.identity(), command -> false, null);

  public ClientTraits {
    Objects.requireNonNull(keyAsSent, "keyAsSent");
    Objects.requireNonNull(refuses, "refuses");
    Objects.requireNonNull(broadcasts, "broadcasts");
  }

  /** Traits of a client that does not retry. */
  public ClientTraits(
      String projectId,
      UnaryOperator<String> keyAsSent,
      Predicate<String[]> refuses,
      String refusalErrorType) {
    this(projectId, keyAsSent, refuses, refusalErrorType, false, command -> false);
  }

  /** The same traits, of a client that retries commands whose connection failed. */
  public ClientTraits withRetries() {
    return new ClientTraits(projectId, keyAsSent, refuses, refusalErrorType, true, broadcasts);
  }

  /** The same traits, of a client that sends the {@code commands} named to every master. */
  public ClientTraits withBroadcasts(Predicate<String> commands) {
    return new ClientTraits(projectId, keyAsSent, refuses, refusalErrorType, retries, commands);
  }

  /** Whether the client sends {@code command} to every master of a cluster. */
  public boolean broadcasts(String command) {
    return broadcasts.test(command);
  }

  /** Whether {@code commandAndArguments} is refused by the client. */
  public boolean refuses(String... commandAndArguments) {
    return refuses.test(commandAndArguments);
  }

  /** {@code key} as the server receives it. */
  public String sent(String key) {
    return keyAsSent.apply(key);
  }
}
