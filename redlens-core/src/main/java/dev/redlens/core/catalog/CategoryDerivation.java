package dev.redlens.core.catalog;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Derives a command's {@link CommandCategory} from what the server's command table says about it.
 * The same function serves the table generator, {@link CommandCatalog#learn(List)} and {@link
 * CommandSpec.Builder}, so a command is classified the same way whether it was bundled, learned or
 * registered.
 *
 * <p>The first rule that matches wins:
 *
 * <ol>
 *   <li>ACL category {@code @transaction} → {@link CommandCategory#TRANSACTION}
 *   <li>{@code @pubsub} → {@link CommandCategory#PUBSUB}
 *   <li>{@code @scripting} → {@link CommandCategory#SCRIPTING}
 *   <li>{@code @stream} → {@link CommandCategory#STREAM}
 *   <li>a key spec with the {@code RM} flag (DEL, UNLINK), or {@code @keyspace} + {@code @write} +
 *       {@code @dangerous} on a command without keys (FLUSHDB, FLUSHALL, SWAPDB) → {@link
 *       CommandCategory#DELETE}
 *   <li>{@code @admin}, or {@code @dangerous} with neither {@code @read} nor {@code @write} (INFO,
 *       DEBUG, CONFIG *, CLIENT LIST, MONITOR) → {@link CommandCategory#ADMIN}
 *   <li>{@code @connection} → {@link CommandCategory#CONNECTION}
 *   <li>{@code @write} → {@link CommandCategory#WRITE}
 *   <li>{@code @read} → {@link CommandCategory#READ}
 *   <li>otherwise {@link CommandCategory#OTHER}
 * </ol>
 *
 * <p>A container's own entry (CLIENT, CONFIG) gets {@link #ofContainer(Collection)}: the category
 * its subcommands share, else OTHER.
 */
public final class CategoryDerivation {

  private CategoryDerivation() {}

  /**
   * The category of one command or subcommand.
   *
   * @param aclCategories lower case, without {@code @}
   * @param flags the command flags, lower case (not used by the rules today; part of the signature
   *     so that a rule may use them without changing every caller)
   * @param keySpecs the key specs (empty on servers before 7.0)
   * @param hasKeys whether the command takes keys at all (key specs, a legacy first key, or {@code
   *     movablekeys})
   */
  public static CommandCategory derive(
      Set<String> aclCategories, Set<String> flags, List<KeySpec> keySpecs, boolean hasKeys) {
    if (aclCategories.contains("transaction")) {
      return CommandCategory.TRANSACTION;
    }
    if (aclCategories.contains("pubsub")) {
      return CommandCategory.PUBSUB;
    }
    if (aclCategories.contains("scripting")) {
      return CommandCategory.SCRIPTING;
    }
    if (aclCategories.contains("stream")) {
      return CommandCategory.STREAM;
    }
    boolean write = aclCategories.contains("write");
    boolean read = aclCategories.contains("read");
    boolean dangerous = aclCategories.contains("dangerous");
    if (removesKeys(keySpecs)
        || (!hasKeys && write && dangerous && aclCategories.contains("keyspace"))) {
      return CommandCategory.DELETE;
    }
    if (aclCategories.contains("admin") || (dangerous && !read && !write)) {
      return CommandCategory.ADMIN;
    }
    if (aclCategories.contains("connection")) {
      return CommandCategory.CONNECTION;
    }
    if (write) {
      return CommandCategory.WRITE;
    }
    if (read) {
      return CommandCategory.READ;
    }
    return CommandCategory.OTHER;
  }

  /**
   * The category of a container: the one category that all its subcommands share, not counting
   * {@code HELP} (which every container has, which only prints usage, and whose ACL categories are
   * often just {@code @slow}); OTHER if they differ or there are none.
   *
   * @param subcommands the container's subcommands
   */
  public static CommandCategory ofContainer(Collection<CommandSpec> subcommands) {
    CommandCategory shared = null;
    for (CommandSpec sub : subcommands) {
      if ("HELP".equals(sub.subcommandName())) {
        continue;
      }
      if (shared == null) {
        shared = sub.category();
      } else if (shared != sub.category()) {
        return CommandCategory.OTHER;
      }
    }
    return shared == null ? CommandCategory.OTHER : shared;
  }

  private static boolean removesKeys(List<KeySpec> keySpecs) {
    for (KeySpec k : keySpecs) {
      if (k.flags().contains(KeySpec.RM)) {
        return true;
      }
    }
    return false;
  }
}
