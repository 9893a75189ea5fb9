package dev.redlens.core.catalog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What the server's command table says about one command or subcommand: arity, flags, ACL
 * categories, tips, key specifications, and what Redlens derives from them (the {@link
 * CommandCategory} and the {@link CacheRead} kind). Immutable and thread-safe.
 *
 * <p>Specs come from the bundled table ({@link CommandCatalog#builtIn()}), from a server's {@code
 * COMMAND INFO} reply ({@link CommandCatalog#learn(List)}), or from {@link #builder(String)} for
 * module commands that an integration or a test registers itself.
 */
public final class CommandSpec {

  private static final int[] NO_KEYS = new int[0];

  private final String name;
  private final String containerName;
  private final String subcommandName;
  private final CommandCategory category;
  private final int arity;
  private final Set<String> flags;
  private final Set<String> aclCategories;
  private final Set<String> tips;
  private final List<KeySpec> keySpecs;
  private final KeySpec[] keySpecArray;
  // read by KeyFinder; null unless the keys' positions do not depend on the arguments
  final KeyFinder.Fixed fixedKeys;
  private final int firstKey;
  private final int lastKey;
  private final int keyStep;
  private final boolean container;
  private final CacheRead cacheRead;
  private final KeyProcedure keyProcedure;
  private final boolean readOnly;
  private final boolean write;
  private final boolean movableKeys;

  private CommandSpec(Builder b) {
    this.name = b.name;
    int space = name.indexOf(' ');
    this.containerName = space < 0 ? null : name.substring(0, space);
    this.subcommandName = space < 0 ? null : name.substring(space + 1);
    this.arity = b.arity;
    this.flags = Collections.unmodifiableSet(new LinkedHashSet<>(b.flags));
    this.aclCategories = Collections.unmodifiableSet(new LinkedHashSet<>(b.aclCategories));
    this.tips = Collections.unmodifiableSet(new LinkedHashSet<>(b.tips));
    this.keySpecs = List.copyOf(b.keySpecs);
    this.keySpecArray = keySpecs.toArray(new KeySpec[0]);
    this.fixedKeys = KeyFinder.fixed(keySpecArray);
    this.firstKey = b.firstKey;
    this.lastKey = b.lastKey;
    this.keyStep = b.keyStep;
    this.container = b.container;
    this.readOnly = flags.contains("readonly");
    this.write = flags.contains("write");
    this.movableKeys = flags.contains("movablekeys");
    this.category =
        b.category != null
            ? b.category
            : CategoryDerivation.derive(
                aclCategories, flags, keySpecs, hasKeys(firstKey, keySpecs, movableKeys));
    this.cacheRead = b.cacheRead != null ? b.cacheRead : CacheReadTable.forName(name);
    this.keyProcedure = KeyProcedure.forName(name);
  }

  private static boolean hasKeys(int firstKey, List<KeySpec> keySpecs, boolean movable) {
    return firstKey > 0 || movable || keySpecs.stream().anyMatch(k -> !k.isNotKey());
  }

  /**
   * A builder for a command named {@code name} (case-insensitive; a subcommand as {@code "CONTAINER
   * SUB"} or the server's {@code "container|sub"}). Unless set, the category is derived with {@link
   * CategoryDerivation} and the {@link CacheRead} kind is looked up by name.
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** A builder initialised with everything this spec holds, to derive a modified copy. */
  public Builder toBuilder() {
    Builder b = new Builder(name);
    b.arity = arity;
    b.flags.addAll(flags);
    b.aclCategories.addAll(aclCategories);
    b.tips.addAll(tips);
    b.keySpecs.addAll(keySpecs);
    b.firstKey = firstKey;
    b.lastKey = lastKey;
    b.keyStep = keyStep;
    b.container = container;
    b.category = category;
    b.cacheRead = cacheRead;
    return b;
  }

  /** Upper case; a subcommand as {@code "CLIENT LIST"}. */
  public String name() {
    return name;
  }

  /** For a subcommand, the container's name ({@code "CLIENT"}); otherwise null. */
  public String containerName() {
    return containerName;
  }

  /** For a subcommand, its own word ({@code "LIST"}); otherwise null. */
  public String subcommandName() {
    return subcommandName;
  }

  public CommandCategory category() {
    return category;
  }

  /**
   * The server's arity, counting the command name (and for a subcommand the subcommand word):
   * positive means exactly that many, negative means at least {@code -arity}.
   */
  public int arity() {
    return arity;
  }

  /** Lower case: {@code readonly}, {@code write}, {@code fast}, {@code movablekeys}, … */
  public Set<String> flags() {
    return flags;
  }

  /** Lower case without {@code @}: {@code read}, {@code keyspace}, … */
  public Set<String> aclCategories() {
    return aclCategories;
  }

  /**
   * The server's command tips, lower case: {@code nondeterministic_output}, {@code
   * request_policy:all_shards}, …
   */
  public Set<String> tips() {
    return tips;
  }

  /**
   * The key specifications (Redis 7); empty for keyless commands and for entries learned from older
   * servers.
   */
  public List<KeySpec> keySpecs() {
    return keySpecs;
  }

  /** The legacy first key index (0: no keys), as {@code COMMAND INFO} reports it. */
  public int firstKey() {
    return firstKey;
  }

  /** The legacy last key index; negative counts from the end. */
  public int lastKey() {
    return lastKey;
  }

  /** The legacy step between keys. */
  public int keyStep() {
    return keyStep;
  }

  /** Flag {@code readonly}. */
  public boolean isReadOnly() {
    return readOnly;
  }

  /** Flag {@code write}. */
  public boolean isWrite() {
    return write;
  }

  /** Whether this is a subcommand ({@code CLIENT LIST}). */
  public boolean isSubcommand() {
    return containerName != null;
  }

  /** Whether this is a container of subcommands ({@code CLIENT}, {@code CONFIG}). */
  public boolean hasSubcommands() {
    return container;
  }

  public CacheRead cacheRead() {
    return cacheRead;
  }

  KeySpec[] keySpecArray() {
    return keySpecArray;
  }

  KeyProcedure keyProcedure() {
    return keyProcedure;
  }

  /**
   * The number of key arguments in {@code args} (the arguments after the command name; for a
   * subcommand {@code args.get(0)} is the subcommand word). Never throws: arguments that do not
   * match the spec give 0. Allocates nothing.
   */
  public int keyCount(CommandArguments args) {
    return KeyFinder.find(this, args, null);
  }

  /** The indexes into {@code args} of every key argument, in argument order. Never throws. */
  public int[] keyPositions(CommandArguments args) {
    int count = KeyFinder.find(this, args, null);
    if (count <= 0) {
      return NO_KEYS;
    }
    int[] out = new int[count];
    int filled = KeyFinder.find(this, args, out);
    if (filled != count) {
      out = Arrays.copyOf(out, Math.max(0, Math.min(filled, count)));
    }
    // specs are visited in table order (ZUNIONSTORE's destination first, GEORADIUS' STORE before
    // STOREDIST): sort so that callers can walk arguments and keys together
    if (out.length > 1) {
      Arrays.sort(out);
    }
    return out;
  }

  @Override
  public String toString() {
    return name + " (" + category.attributeValue() + ", arity " + arity + ")";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CommandSpec s
        && name.equals(s.name)
        && category == s.category
        && arity == s.arity
        && flags.equals(s.flags)
        && aclCategories.equals(s.aclCategories)
        && tips.equals(s.tips)
        && keySpecs.equals(s.keySpecs)
        && firstKey == s.firstKey
        && lastKey == s.lastKey
        && keyStep == s.keyStep
        && container == s.container
        && cacheRead == s.cacheRead;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, category, arity, flags, aclCategories, keySpecs);
  }

  /** Builds a {@link CommandSpec}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private int arity = -1;
    private final Set<String> flags = new LinkedHashSet<>();
    private final Set<String> aclCategories = new LinkedHashSet<>();
    private final Set<String> tips = new LinkedHashSet<>();
    private final List<KeySpec> keySpecs = new ArrayList<>();
    private int firstKey;
    private int lastKey;
    private int keyStep;
    private boolean container;
    private CommandCategory category;
    private CacheRead cacheRead;

    private Builder(String name) {
      this.name = normalizeName(name);
    }

    static String normalizeName(String name) {
      Objects.requireNonNull(name, "name");
      String n = name.trim().replace('|', ' ').toUpperCase(Locale.ROOT);
      if (n.isEmpty()) {
        throw new IllegalArgumentException("empty command name");
      }
      int space = n.indexOf(' ');
      if (space >= 0 && (n.indexOf(' ', space + 1) >= 0 || space == n.length() - 1)) {
        // "A  B", "A B C": collapse runs of blanks, and only one level of subcommand exists
        String[] words = n.split("\\s+");
        if (words.length != 2) {
          throw new IllegalArgumentException(
              "a command name has at most one subcommand word: " + name);
        }
        n = words[0] + ' ' + words[1];
      }
      return n;
    }

    /**
     * The server's arity (counting the name; negative: at least). Default -1 (any number of
     * arguments).
     */
    public Builder arity(int arity) {
      this.arity = arity;
      return this;
    }

    /** Adds command flags; stored lower case. */
    public Builder flags(String... flags) {
      return flags(Arrays.asList(flags));
    }

    /** Adds command flags; stored lower case. */
    public Builder flags(Collection<String> flags) {
      for (String f : flags) {
        if (f != null && !f.isBlank()) {
          this.flags.add(f.trim().toLowerCase(Locale.ROOT));
        }
      }
      return this;
    }

    /** Adds ACL categories, with or without {@code @}; stored lower case without it. */
    public Builder aclCategories(String... categories) {
      return aclCategories(Arrays.asList(categories));
    }

    /** Adds ACL categories, with or without {@code @}; stored lower case without it. */
    public Builder aclCategories(Collection<String> categories) {
      for (String c : categories) {
        if (c != null && !c.isBlank()) {
          String t = c.trim();
          this.aclCategories.add((t.startsWith("@") ? t.substring(1) : t).toLowerCase(Locale.ROOT));
        }
      }
      return this;
    }

    /** Adds command tips; stored lower case. */
    public Builder tips(Collection<String> tips) {
      for (String t : tips) {
        if (t != null && !t.isBlank()) {
          this.tips.add(t.trim().toLowerCase(Locale.ROOT));
        }
      }
      return this;
    }

    /** Adds key specifications, in the server's order. */
    public Builder keySpecs(KeySpec... specs) {
      return keySpecs(Arrays.asList(specs));
    }

    /** Adds key specifications, in the server's order. */
    public Builder keySpecs(Collection<KeySpec> specs) {
      for (KeySpec k : specs) {
        this.keySpecs.add(Objects.requireNonNull(k, "key spec"));
      }
      return this;
    }

    /**
     * The legacy key range of {@code COMMAND INFO}: first key (0: none), last key (negative: from
     * the end), step.
     */
    public Builder legacyKeyRange(int firstKey, int lastKey, int keyStep) {
      this.firstKey = firstKey;
      this.lastKey = lastKey;
      this.keyStep = keyStep;
      return this;
    }

    /** Marks the command as a container of subcommands ({@code CLIENT}, {@code CONFIG}). */
    public Builder container(boolean container) {
      this.container = container;
      return this;
    }

    /** Sets the category instead of deriving it ({@code null}: derive). */
    public Builder category(CommandCategory category) {
      this.category = category;
      return this;
    }

    /** Sets the cache-read kind instead of looking it up by name ({@code null}: look up). */
    public Builder cacheRead(CacheRead cacheRead) {
      this.cacheRead = cacheRead;
      return this;
    }

    public CommandSpec build() {
      if (container && name.indexOf(' ') >= 0) {
        throw new IllegalArgumentException("a subcommand cannot be a container: " + name);
      }
      return new CommandSpec(this);
    }
  }
}
