package dev.redlens.core.internal.sanitize;

import dev.redlens.core.catalog.CommandArguments;
import dev.redlens.core.catalog.CommandSpec;
import java.util.Locale;

/**
 * Turns a command into the text of {@code db.query.text}.
 *
 * <ul>
 *   <li>{@link QueryTextMode#SANITIZED}: the command name (a subcommand as {@code CLIENT LIST}),
 *       then each argument: key arguments (from the spec's key positions) as they are, or {@code ?}
 *       with {@code maskKeys}; every other argument {@code ?}. {@code SET user:1 ?}, {@code MGET a
 *       b}, {@code EVAL ? ? k1 k2 ?}. A command the catalog does not know: the name, then {@code ?}
 *       for every argument.
 *   <li>{@link QueryTextMode#RAW}: the arguments as sent; with {@code maskKeys}, keys become {@code
 *       ?} (and every argument of an unknown command, whose keys cannot be told apart).
 * </ul>
 *
 * <p>In both modes credentials are masked ({@link CredentialRules}). The text is capped at {@code
 * maxLength} characters: the argument that would cross the cap is cut and the text ends with {@code
 * …}; nothing longer is ever built.
 *
 * <p>Immutable, thread-safe; {@link #sanitize} never throws.
 */
public final class QuerySanitizer {

  private static final String MASK = "?";
  private static final int[] NO_KEYS = new int[0];

  private final QueryTextMode mode;
  private final boolean maskKeys;
  private final int maxLength;

  private QuerySanitizer(QueryTextMode mode, boolean maskKeys, int maxLength) {
    this.mode = mode;
    this.maskKeys = maskKeys;
    this.maxLength = maxLength;
  }

  /**
   * A sanitizer.
   *
   * @param mode how much of the arguments to show
   * @param maskKeys whether key arguments become {@code ?} too
   * @param maxLength the cap on the text, in characters (at least 1)
   * @throws IllegalArgumentException on a null mode or a cap below 1 (bad configuration fails fast)
   */
  public static QuerySanitizer create(QueryTextMode mode, boolean maskKeys, int maxLength) {
    if (mode == null) {
      throw new IllegalArgumentException("mode must not be null");
    }
    if (maxLength < 1) {
      throw new IllegalArgumentException("maxLength must be at least 1: " + maxLength);
    }
    return new QuerySanitizer(mode, maskKeys, maxLength);
  }

  public QueryTextMode mode() {
    return mode;
  }

  public boolean masksKeys() {
    return maskKeys;
  }

  public int maxLength() {
    return maxLength;
  }

  /**
   * The query text of one command.
   *
   * @param commandName the command as sent ({@code "SET"}, {@code "client"}); used when {@code
   *     spec} is null
   * @param spec the catalog's spec for the command (for a subcommand, the subcommand's spec), or
   *     null if unknown
   * @param args the arguments after the command name
   * @return never null; just the command name if the arguments cannot be read
   */
  public String sanitize(String commandName, CommandSpec spec, CommandArguments args) {
    String name = displayName(commandName, spec);
    try {
      CappedText text = new CappedText(maxLength);
      if (!text.add(name) || args == null) {
        return text.toString();
      }
      int size = args.size();
      String topLevel =
          spec == null ? firstWord(name) : spec.isSubcommand() ? spec.containerName() : spec.name();
      boolean[] secret = CredentialRules.sensitive(topLevel, args);
      int[] keys = keyPositions(spec, args);
      int nextKey = 0;
      // a subcommand's word is already part of the name
      int start = spec != null && spec.isSubcommand() ? 1 : 0;
      for (int i = start; i < size; i++) {
        while (nextKey < keys.length && keys[nextKey] < i) {
          nextKey++;
        }
        boolean key = nextKey < keys.length && keys[nextKey] == i;
        String token;
        if (secret != null && secret[i]) {
          token = MASK;
        } else if (key) {
          token = maskKeys ? MASK : args.get(i);
        } else if (mode == QueryTextMode.RAW && (spec != null || !maskKeys)) {
          token = args.get(i);
        } else {
          token = MASK;
        }
        if (!text.add(token)) {
          break;
        }
      }
      return text.toString();
    } catch (RuntimeException e) {
      CappedText text = new CappedText(maxLength);
      text.add(name);
      return text.toString();
    }
  }

  private int[] keyPositions(CommandSpec spec, CommandArguments args) {
    if (spec == null) {
      return NO_KEYS;
    }
    boolean needed = mode == QueryTextMode.SANITIZED ? !maskKeys : maskKeys;
    return needed ? spec.keyPositions(args) : NO_KEYS;
  }

  private static String displayName(String commandName, CommandSpec spec) {
    if (spec != null) {
      return spec.name();
    }
    if (commandName == null) {
      return "";
    }
    return commandName.toUpperCase(Locale.ROOT);
  }

  private static String firstWord(String name) {
    int space = name.indexOf(' ');
    return space < 0 ? name : name.substring(0, space);
  }
}
