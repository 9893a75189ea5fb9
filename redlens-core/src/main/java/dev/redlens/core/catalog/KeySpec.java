package dev.redlens.core.catalog;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One key specification of a command, as Redis 7 reports it in {@code COMMAND INFO}: where the
 * search for keys begins ({@link BeginSearch}), how the keys are found from there ({@link
 * FindKeys}), and what the command does with those keys (the flags). Immutable.
 *
 * <p>Positions follow the server's convention: index 0 is the command name, so for {@code GET k}
 * the key is at index 1; for a subcommand index 1 is the subcommand word ({@code OBJECT ENCODING
 * k}: the key is at index 2). {@link CommandSpec#keyPositions(CommandArguments)} converts them to
 * indexes into {@link CommandArguments}.
 *
 * <p>The text form ({@link #toString()}, read back by {@link #parse(String)}) is the one used in
 * the bundled table: {@code FLAGS/BEGIN/FIND}, e.g. {@code RO,ACCESS/index:1/range:0:1:0}, {@code
 * RO,ACCESS/keyword:1:STREAMS/range:-1:1:2}, {@code RW,ACCESS,UPDATE/index:2/keynum:0:1:1}, {@code
 * OW,UPDATE/unknown/unknown}.
 */
public final class KeySpec {

  /** Read-only: the key's value is read, not modified. */
  public static final String RO = "RO";

  /** Read-write: the key's value is modified, possibly based on its previous value. */
  public static final String RW = "RW";

  /** Overwrite: the key's value is replaced without being read. */
  public static final String OW = "OW";

  /** Remove: the key is deleted (DEL, UNLINK). */
  public static final String RM = "RM";

  /** The value, or part of it, is returned to the client. */
  public static final String ACCESS = "ACCESS";

  /** Data is updated in the value (not inserted or deleted). */
  public static final String UPDATE = "UPDATE";

  /** Data is added to the value. */
  public static final String INSERT = "INSERT";

  /** Data is removed from the value (LPOP, SREM, GETDEL…). */
  public static final String DELETE = "DELETE";

  /** The argument is not a key (a shard channel), though it is hashed like one. */
  public static final String NOT_KEY = "NOT_KEY";

  /** The spec may not find every key: the server resorts to command-specific code. */
  public static final String INCOMPLETE = "INCOMPLETE";

  /** The flags depend on other arguments (SET … GET, BITFIELD). */
  public static final String VARIABLE_FLAGS = "VARIABLE_FLAGS";

  /** How the search for the first key begins. */
  public enum BeginSearch {
    /** At a fixed index. */
    INDEX,
    /**
     * After a keyword, searched from an index (forwards if positive, backwards from the end if
     * negative).
     */
    KEYWORD,
    /** Not expressible: the keys are found by command-specific code. */
    UNKNOWN
  }

  /** How keys are found once the search has begun. */
  public enum FindKeys {
    /**
     * A range: last key (relative, or negative from the end), step, and limit (a divisor of the
     * rest).
     */
    RANGE,
    /** The number of keys is an argument (EVAL, ZUNIONSTORE…). */
    KEYNUM,
    /** Not expressible. */
    UNKNOWN
  }

  private final Set<String> flags;
  private final BeginSearch beginSearch;
  private final int index;
  private final String keyword;
  private final int startFrom;
  private final FindKeys findKeys;
  private final int lastKey;
  private final int keyStep;
  private final int limit;
  private final int keyNumIndex;
  private final int firstKey;
  // precomputed for the hot path
  private final boolean notKey;
  private final boolean incomplete;

  private KeySpec(Builder b) {
    this.flags = Collections.unmodifiableSet(new LinkedHashSet<>(b.flags));
    this.beginSearch = b.beginSearch;
    this.index = b.index;
    this.keyword = b.keyword;
    this.startFrom = b.startFrom;
    this.findKeys = b.findKeys;
    this.lastKey = b.lastKey;
    this.keyStep = b.keyStep;
    this.limit = b.limit;
    this.keyNumIndex = b.keyNumIndex;
    this.firstKey = b.firstKey;
    this.notKey = flags.contains(NOT_KEY);
    this.incomplete = flags.contains(INCOMPLETE);
  }

  /** A new builder; by default the spec begins and finds {@code UNKNOWN}, with no flags. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The flags, upper case as the server spells them ({@code RO}, {@code ACCESS}, {@code NOT_KEY}…).
   */
  public Set<String> flags() {
    return flags;
  }

  /** Whether the spec has the given flag (case-insensitive). */
  public boolean hasFlag(String flag) {
    return flags.contains(flag.toUpperCase(Locale.ROOT));
  }

  public BeginSearch beginSearch() {
    return beginSearch;
  }

  /** For {@link BeginSearch#INDEX}: the index of the first key (0 is the command name). */
  public int index() {
    return index;
  }

  /**
   * For {@link BeginSearch#KEYWORD}: the keyword after which the keys begin (e.g. {@code STREAMS}).
   */
  public String keyword() {
    return keyword;
  }

  /**
   * For {@link BeginSearch#KEYWORD}: where the search starts; negative counts from the end,
   * searching backwards.
   */
  public int startFrom() {
    return startFrom;
  }

  public FindKeys findKeys() {
    return findKeys;
  }

  /**
   * For {@link FindKeys#RANGE}: the last key relative to the first; negative counts from the end.
   */
  public int lastKey() {
    return lastKey;
  }

  /** For {@link FindKeys#RANGE} and {@link FindKeys#KEYNUM}: the distance between two keys. */
  public int keyStep() {
    return keyStep;
  }

  /**
   * For {@link FindKeys#RANGE} with {@code lastKey == -1}: only 1/limit of the remaining arguments
   * are keys.
   */
  public int limit() {
    return limit;
  }

  /**
   * For {@link FindKeys#KEYNUM}: where the number of keys is, relative to where the search began.
   */
  public int keyNumIndex() {
    return keyNumIndex;
  }

  /** For {@link FindKeys#KEYNUM}: where the first key is, relative to where the search began. */
  public int firstKey() {
    return firstKey;
  }

  boolean isNotKey() {
    return notKey;
  }

  boolean isIncomplete() {
    return incomplete;
  }

  /** The compact text form of the bundled table, see the class comment. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(flags.isEmpty() ? "-" : String.join(",", flags)).append('/');
    switch (beginSearch) {
      case INDEX -> sb.append("index:").append(index);
      case KEYWORD -> sb.append("keyword:").append(startFrom).append(':').append(keyword);
      default -> sb.append("unknown");
    }
    sb.append('/');
    switch (findKeys) {
      case RANGE -> sb.append("range:" + lastKey + ':' + keyStep + ':' + limit);
      case KEYNUM -> sb.append("keynum:" + keyNumIndex + ':' + firstKey + ':' + keyStep);
      default -> sb.append("unknown");
    }
    return sb.toString();
  }

  /**
   * Reads the text form written by {@link #toString()}.
   *
   * @throws IllegalArgumentException if the text is not in that form
   */
  public static KeySpec parse(String text) {
    String[] parts = text.trim().split("/", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("key spec must be FLAGS/BEGIN/FIND: " + text);
    }
    Builder b = builder();
    if (!parts[0].equals("-") && !parts[0].isEmpty()) {
      b.flags(parts[0].split(","));
    }
    String[] begin = parts[1].split(":", 3);
    try {
      switch (begin[0]) {
        case "index" -> b.beginIndex(Integer.parseInt(begin[1]));
        case "keyword" -> b.beginKeyword(begin[2], Integer.parseInt(begin[1]));
        case "unknown" -> b.beginUnknown();
        default -> throw new IllegalArgumentException("unknown begin_search: " + text);
      }
      String[] find = parts[2].split(":");
      switch (find[0]) {
        case "range" -> b.range(parse(find, 1), parse(find, 2), parse(find, 3));
        case "keynum" -> b.keyNum(parse(find, 1), parse(find, 2), parse(find, 3));
        case "unknown" -> b.findUnknown();
        default -> throw new IllegalArgumentException("unknown find_keys: " + text);
      }
    } catch (ArrayIndexOutOfBoundsException e) {
      throw new IllegalArgumentException("incomplete key spec: " + text, e);
    }
    return b.build();
  }

  private static int parse(String[] parts, int index) {
    return Integer.parseInt(parts[index]);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof KeySpec)) {
      return false;
    }
    KeySpec k = (KeySpec) o;
    return flags.equals(k.flags)
        && beginSearch == k.beginSearch
        && index == k.index
        && Objects.equals(keyword, k.keyword)
        && startFrom == k.startFrom
        && findKeys == k.findKeys
        && lastKey == k.lastKey
        && keyStep == k.keyStep
        && limit == k.limit
        && keyNumIndex == k.keyNumIndex
        && firstKey == k.firstKey;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        flags, beginSearch, index, keyword, startFrom, findKeys, lastKey, keyStep, limit);
  }

  /** Builds a {@link KeySpec}. Not thread-safe. */
  public static final class Builder {
    private final Set<String> flags = new LinkedHashSet<>();
    private BeginSearch beginSearch = BeginSearch.UNKNOWN;
    private int index;
    private String keyword;
    private int startFrom;
    private FindKeys findKeys = FindKeys.UNKNOWN;
    private int lastKey;
    private int keyStep = 1;
    private int limit;
    private int keyNumIndex;
    private int firstKey;

    private Builder() {}

    /** Adds flags; they are stored upper case. */
    public Builder flags(String... flags) {
      for (String f : flags) {
        addFlag(f);
      }
      return this;
    }

    /** Adds flags; they are stored upper case. */
    public Builder flags(Collection<String> flags) {
      for (String f : flags) {
        addFlag(f);
      }
      return this;
    }

    private void addFlag(String f) {
      if (f != null && !f.isBlank()) {
        this.flags.add(f.trim().toUpperCase(Locale.ROOT));
      }
    }

    /** The keys begin at {@code index} (0 is the command name). */
    public Builder beginIndex(int index) {
      this.beginSearch = BeginSearch.INDEX;
      this.index = index;
      this.keyword = null;
      return this;
    }

    /**
     * The keys begin after {@code keyword}, searched from {@code startFrom} (negative: backwards
     * from the end).
     */
    public Builder beginKeyword(String keyword, int startFrom) {
      this.beginSearch = BeginSearch.KEYWORD;
      this.keyword = Objects.requireNonNull(keyword, "keyword");
      this.startFrom = startFrom;
      return this;
    }

    public Builder beginUnknown() {
      this.beginSearch = BeginSearch.UNKNOWN;
      this.keyword = null;
      return this;
    }

    /**
     * The keys are a range: {@code lastKey} relative to the first (negative: from the end), every
     * {@code keyStep}.
     */
    public Builder range(int lastKey, int keyStep, int limit) {
      this.findKeys = FindKeys.RANGE;
      this.lastKey = lastKey;
      this.keyStep = keyStep;
      this.limit = limit;
      return this;
    }

    /**
     * The number of keys is at {@code keyNumIndex}, the first key at {@code firstKey} (both
     * relative).
     */
    public Builder keyNum(int keyNumIndex, int firstKey, int keyStep) {
      this.findKeys = FindKeys.KEYNUM;
      this.keyNumIndex = keyNumIndex;
      this.firstKey = firstKey;
      this.keyStep = keyStep;
      return this;
    }

    public Builder findUnknown() {
      this.findKeys = FindKeys.UNKNOWN;
      return this;
    }

    public KeySpec build() {
      if (keyStep < 1 && findKeys != FindKeys.UNKNOWN) {
        // a step of 0 would loop forever; the server never reports one, a hand-made spec might
        throw new IllegalArgumentException("keyStep must be at least 1: " + keyStep);
      }
      return new KeySpec(this);
    }
  }
}
