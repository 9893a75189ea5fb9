package dev.redlens.core.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every Redis command Redlens knows: name → {@link CommandSpec}, with subcommands under their
 * containers.
 *
 * <p>{@link #builtIn()} starts from the table bundled with Redlens (generated from a Redis 7.0
 * server's {@code COMMAND} reply); a catalog can then {@link #learn(List) learn} from a live
 * server's {@code COMMAND INFO} (module commands, commands newer than the bundled table) and have
 * specs {@link #register(CommandSpec) registered} by integrations.
 *
 * <p>Thread-safe. Reads ({@link #resolve}, {@link #find}) never block and never allocate when the
 * name is already upper case: the catalog is an immutable snapshot behind a volatile field,
 * replaced whole (copy on write) by the rare writes, which serialise among themselves. Every {@link
 * #builtIn()} catalog shares the same snapshot until its first write.
 */
public final class CommandCatalog {

  /** An immutable snapshot. */
  private static final class Table {
    static final Table EMPTY = new Table(Collections.emptyMap(), 0);

    final Map<String, Node> nodes;
    final int size;

    Table(Map<String, Node> nodes, int size) {
      this.nodes = nodes;
      this.size = size;
    }
  }

  /**
   * A top-level command and its subcommands by upper-case word (an empty map for most commands).
   */
  private static final class Node {
    final CommandSpec spec;
    final Map<String, CommandSpec> subcommands;

    Node(CommandSpec spec, Map<String, CommandSpec> subcommands) {
      this.spec = spec;
      this.subcommands = subcommands;
    }
  }

  private static final class BuiltIn {
    static final Table TABLE = tableOf(BuiltInTable.get().specs);
  }

  private final Object writeLock = new Object();
  private volatile Table table;

  private CommandCatalog(Table table) {
    this.table = table;
  }

  /**
   * A new catalog holding the bundled table. Each call returns a new, independently mutable
   * catalog; the resource is parsed once per JVM and its immutable specs are shared.
   */
  public static CommandCatalog builtIn() {
    return new CommandCatalog(BuiltIn.TABLE);
  }

  /** A new empty catalog. */
  public static CommandCatalog empty() {
    return new CommandCatalog(Table.EMPTY);
  }

  /**
   * The version of the Redis server the bundled table was generated from, e.g. {@code 7.0.15}; null
   * if unknown.
   */
  public static String builtInServerVersion() {
    return BuiltInTable.get().serverVersion;
  }

  /**
   * The spec for a command as it is about to be sent: {@code command} is the top-level name
   * (case-insensitive), {@code args} the arguments after it. For a container with a known
   * subcommand in {@code args.get(0)}, the subcommand's spec; for a container without one, the
   * container's own spec. Null for an unknown command.
   *
   * <p>Hot path: two hash lookups at most, no allocation when the names are already upper case.
   * Never throws.
   */
  public CommandSpec resolve(String command, CommandArguments args) {
    if (command == null) {
      return null;
    }
    Map<String, Node> nodes = table.nodes;
    Node node = nodes.get(command);
    if (node == null) {
      node = nodes.get(command.toUpperCase(Locale.ROOT));
      if (node == null) {
        return null;
      }
    }
    if (node.subcommands.isEmpty() || args == null) {
      return node.spec;
    }
    try {
      if (args.size() == 0) {
        return node.spec;
      }
      String word = args.get(0);
      CommandSpec sub = node.subcommands.get(word);
      if (sub == null) {
        sub = node.subcommands.get(word.toUpperCase(Locale.ROOT));
      }
      return sub != null ? sub : node.spec;
    } catch (RuntimeException e) {
      return node.spec;
    }
  }

  /**
   * An opaque token of the catalog's current contents: a different object after every change
   * (learned or registered commands), so that a caller may keep what it resolved until then.
   */
  public Object version() {
    return table;
  }

  /**
   * Whether {@code spec}, resolved in the contents of {@code version}, is what {@link #resolve}
   * gives for its name whatever the arguments: a top-level command without subcommands. False for a
   * version that is not this catalog's current one.
   */
  public boolean isArgumentFree(CommandSpec spec, Object version) {
    Table current = table;
    if (spec == null || version != current || spec.isSubcommand()) {
      return false;
    }
    Node node = current.nodes.get(spec.name());
    return node != null && node.spec == spec && node.subcommands.isEmpty();
  }

  /**
   * The spec with this name, case-insensitive: {@code "GET"}, {@code "client list"}, {@code "CLIENT
   * LIST"}, {@code "client|list"}. Null if unknown.
   */
  public CommandSpec find(String name) {
    if (name == null) {
      return null;
    }
    String normalized;
    try {
      normalized = CommandSpec.Builder.normalizeName(name);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int space = normalized.indexOf(' ');
    Map<String, Node> nodes = table.nodes;
    if (space < 0) {
      Node node = nodes.get(normalized);
      return node == null ? null : node.spec;
    }
    Node node = nodes.get(normalized.substring(0, space));
    return node == null ? null : node.subcommands.get(normalized.substring(space + 1));
  }

  /** The subcommands of a container, sorted by name; empty if it has none or is unknown. */
  public List<CommandSpec> subcommands(String container) {
    CommandSpec spec = find(container);
    if (spec == null || spec.isSubcommand()) {
      return Collections.emptyList();
    }
    Node node = table.nodes.get(spec.name());
    if (node == null) {
      return Collections.emptyList();
    }
    List<CommandSpec> out = new ArrayList<>(node.subcommands.values());
    out.sort((a, b) -> a.name().compareTo(b.name()));
    return Collections.unmodifiableList(out);
  }

  /**
   * Adds or replaces a spec. A subcommand ({@code "CONTAINER SUB"}) goes under its container; an
   * unknown container is added as a plain container of category OTHER. A container registered again
   * keeps its known subcommands. Thread-safe; readers never block.
   */
  public void register(CommandSpec spec) {
    if (spec == null) {
      throw new NullPointerException("spec");
    }
    registerAll(Collections.singletonList(spec));
  }

  /**
   * Parses a {@code COMMAND INFO} or {@code COMMAND} reply as a client returns it (nested {@link
   * List}s of {@link String}, {@code byte[]}, {@link java.nio.ByteBuffer}, {@link Long}; RESP3 maps
   * and sets too), registers what it describes and returns the specs registered (containers
   * followed by their subcommands).
   *
   * <p>Categories are derived with {@link CategoryDerivation}, the same function that produced the
   * bundled table; cache-read kinds are looked up by name. An entry from a server before 7.0 (no
   * key specs) never replaces a known command, whose bundled entry is richer; it only adds commands
   * the catalog lacks.
   *
   * <p>Tolerant: nil entries (unknown commands) and malformed entries are skipped; never throws.
   */
  public List<CommandSpec> learn(List<?> commandInfoReply) {
    try {
      List<CommandSpec> learned = new ArrayList<>();
      for (CommandInfoParser.Parsed p : CommandInfoParser.parse(commandInfoReply)) {
        collect(p, learned);
      }
      registerAll(learned);
      return Collections.unmodifiableList(learned);
    } catch (RuntimeException e) {
      return Collections.emptyList();
    }
  }

  private void collect(CommandInfoParser.Parsed p, List<CommandSpec> learned) {
    if (p.hasKeySpecInfo || find(p.spec.name()) == null) {
      learned.add(p.spec);
    }
    for (CommandInfoParser.Parsed sub : p.subcommands) {
      collect(sub, learned);
    }
  }

  /** Every spec, top-level commands and subcommands, sorted by name. */
  public Collection<CommandSpec> all() {
    List<CommandSpec> out = new ArrayList<>(table.size);
    for (Node node : table.nodes.values()) {
      out.add(node.spec);
      out.addAll(node.subcommands.values());
    }
    out.sort((a, b) -> a.name().compareTo(b.name()));
    return Collections.unmodifiableList(out);
  }

  /**
   * The number of specs, top-level commands and subcommands (the bundled Redis 7.0.15 table: 240 +
   * 126).
   */
  public int size() {
    return table.size;
  }

  /** The number of top-level commands (the bundled Redis 7.0.15 table: 240). */
  public int commandCount() {
    return table.nodes.size();
  }

  private void registerAll(List<CommandSpec> specs) {
    if (specs.isEmpty()) {
      return;
    }
    synchronized (writeLock) {
      Map<String, Node> nodes = new HashMap<>(table.nodes);
      put(nodes, specs);
      table = new Table(Collections.unmodifiableMap(nodes), count(nodes));
    }
  }

  private static Table tableOf(List<CommandSpec> specs) {
    Map<String, Node> nodes = new HashMap<>();
    put(nodes, specs);
    return new Table(Collections.unmodifiableMap(nodes), count(nodes));
  }

  /** Applies the specs, top-level ones first so that their subcommands find them. */
  private static void put(Map<String, Node> nodes, List<CommandSpec> specs) {
    for (CommandSpec spec : specs) {
      if (!spec.isSubcommand()) {
        Node old = nodes.get(spec.name());
        Map<String, CommandSpec> subs =
            old != null && (spec.hasSubcommands() || !old.subcommands.isEmpty())
                ? old.subcommands
                : Collections.emptyMap();
        // interned: a client's command name is usually a string constant (an enum's name), and the
        // lookup of an identical key skips String.equals (about 30 instructions per command)
        nodes.put(spec.name().intern(), new Node(spec, subs));
      }
    }
    for (CommandSpec spec : specs) {
      if (spec.isSubcommand()) {
        Node container = nodes.get(spec.containerName());
        CommandSpec containerSpec =
            container != null
                ? container.spec
                : CommandSpec.builder(spec.containerName()).container(true).build();
        Map<String, CommandSpec> subs =
            new HashMap<>(container != null ? container.subcommands : Collections.emptyMap());
        subs.put(spec.subcommandName(), spec);
        nodes.put(
            containerSpec.name().intern(),
            new Node(containerSpec, Collections.unmodifiableMap(subs)));
      }
    }
  }

  private static int count(Map<String, Node> nodes) {
    int n = 0;
    for (Node node : nodes.values()) {
      n += 1 + node.subcommands.size();
    }
    return n;
  }
}
