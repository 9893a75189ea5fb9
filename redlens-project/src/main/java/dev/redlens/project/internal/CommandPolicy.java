package dev.redlens.project.internal;

import dev.redlens.core.catalog.CommandArguments;
import dev.redlens.core.catalog.CommandSpec;
import java.util.Map;
import java.util.Set;

/**
 * The commands a scoped connection refuses whatever their keys, with the reason each refusal gives,
 * and the keyless commands it allows. Keyless commands are allowed only when listed here: a command
 * the list does not name (a new server command, an administrative subcommand) is refused by
 * default.
 */
public final class CommandPolicy {

  private static final String SHARED_SERVER = "it administers the server that every project shares";

  /** Refused by name (a subcommand by its full name, or a whole container by its name). */
  public static final Map<String, String> REFUSED =
      Map.ofEntries(
          Map.entry(
              "FLUSHDB",
              "it deletes the keys of every project; delete one project's keys with ProjectCleanup"),
          Map.entry(
              "FLUSHALL",
              "it deletes the keys of every project; delete one project's keys with ProjectCleanup"),
          Map.entry("SWAPDB", "it swaps whole databases, with every project's keys"),
          Map.entry("SELECT", "it switches to another database, outside the project's namespace"),
          Map.entry("MOVE", "it moves a key to another database, outside the project's namespace"),
          Map.entry("MIGRATE", "it moves keys to another server, outside the project's control"),
          Map.entry(
              "DBSIZE",
              "it counts the keys of every project; count one project's keys with ProjectCleanup.count"),
          Map.entry("RANDOMKEY", "it returns a key of any project"),
          Map.entry(
              "AUTH",
              "it changes the connection's identity, to which the project's ACL user is bound"),
          Map.entry("RESET", "it resets the connection's identity and database"),
          Map.entry("MONITOR", "it streams the commands of every project"),
          Map.entry(
              "INFO", "it reveals server-wide state, including the key counts of every project"),
          Map.entry("CONFIG", SHARED_SERVER),
          Map.entry("DEBUG", SHARED_SERVER),
          Map.entry("CLUSTER", SHARED_SERVER),
          Map.entry("MODULE", SHARED_SERVER),
          Map.entry("LATENCY", SHARED_SERVER),
          Map.entry("SLOWLOG", "it reveals and resets the slow commands of every project"),
          Map.entry("PUBSUB NUMPAT", "it counts the pattern subscriptions of every project"),
          Map.entry("SCRIPT FLUSH", "it empties the script cache that every project shares"),
          Map.entry("SCRIPT KILL", "it kills a script that may belong to another project"),
          Map.entry("SCRIPT DEBUG", "the script debugger is not confined to the project"),
          Map.entry("FUNCTION FLUSH", "functions are shared by every project"),
          Map.entry("FUNCTION DELETE", "functions are shared by every project"),
          Map.entry("FUNCTION RESTORE", "functions are shared by every project"),
          Map.entry("FUNCTION KILL", "it kills a function that may belong to another project"));

  private static final String UNTRUSTED_FUNCTIONS =
      "functions are shared by every project and their code is on the server, so Redlens cannot check which"
          + " keys they compute; declare the project trusted (ProjectKeyspace.withTrustedScripts) to use them,"
          + " the project's ACL user still enforcing its key patterns";

  /** Keyless commands a scoped connection may send. */
  private static final Set<String> ALLOWED_KEYLESS =
      Set.of(
          "PING",
          "ECHO",
          "TIME",
          "LOLWUT",
          "MULTI",
          "EXEC",
          "DISCARD",
          "UNWATCH",
          "QUIT",
          "WAIT",
          "WAITAOF",
          "READONLY",
          "READWRITE",
          "ASKING",
          "HELLO",
          "COMMAND",
          "COMMAND COUNT",
          "COMMAND DOCS",
          "COMMAND INFO",
          "COMMAND LIST",
          "COMMAND GETKEYS",
          "COMMAND GETKEYSANDFLAGS",
          "CLIENT GETNAME",
          "CLIENT SETNAME",
          "CLIENT ID",
          "CLIENT INFO",
          "CLIENT REPLY",
          "CLIENT GETREDIR",
          "CLIENT TRACKINGINFO",
          "CLIENT SETINFO",
          "CLIENT NO-TOUCH",
          "ACL WHOAMI",
          "ACL CAT",
          "SCRIPT EXISTS",
          "EVAL",
          "EVAL_RO",
          "EVALSHA",
          "EVALSHA_RO",
          "FCALL",
          "FCALL_RO");

  /**
   * Function commands allowed on a trusted project (they still affect only the shared function
   * library).
   */
  private static final Set<String> TRUSTED_FUNCTIONS =
      Set.of("FUNCTION LOAD", "FUNCTION LIST", "FUNCTION DUMP", "FUNCTION STATS");

  private CommandPolicy() {}

  /** Null if nothing in the tables refuses the command, else why it is refused. */
  public static String refusal(CommandSpec spec, CommandArguments args, boolean trusted) {
    String name = spec.name();
    String reason = REFUSED.get(name);
    if (reason == null && spec.isSubcommand()) {
      reason = REFUSED.get(spec.containerName());
    }
    if (reason != null) {
      return reason;
    }
    if (name.equals("FCALL") || name.equals("FCALL_RO")) {
      return trusted ? null : UNTRUSTED_FUNCTIONS;
    }
    if (name.equals("FUNCTION")
        || (spec.isSubcommand() && spec.containerName().equals("FUNCTION"))) {
      return trusted && TRUSTED_FUNCTIONS.contains(name) ? null : UNTRUSTED_FUNCTIONS;
    }
    if (name.equals("COPY")) {
      for (int i = 2; i < args.size(); i++) {
        if (args.get(i).equalsIgnoreCase("DB")) {
          return "its DB option copies into another database, outside the project's namespace";
        }
      }
    }
    if (name.equals("HELLO")) {
      for (int i = 1; i < args.size(); i++) {
        if (args.get(i).equalsIgnoreCase("AUTH")) {
          return "its AUTH option changes the connection's identity, to which the project's ACL user is bound";
        }
      }
    }
    return null;
  }

  /**
   * Whether a command without key arguments may be sent (on its own, or as a harmless HELP
   * subcommand).
   */
  public static boolean isAllowedKeyless(CommandSpec spec, CommandArguments args) {
    String name = spec.name();
    return ALLOWED_KEYLESS.contains(name)
        || (spec.isSubcommand() && "HELP".equals(spec.subcommandName()));
  }
}
