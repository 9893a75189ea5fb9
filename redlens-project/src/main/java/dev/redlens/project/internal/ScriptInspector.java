package dev.redlens.project.internal;

import dev.redlens.core.catalog.CommandArguments;
import dev.redlens.core.catalog.CommandCatalog;
import dev.redlens.core.catalog.CommandSpec;
import dev.redlens.core.catalog.KeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A conservative check that a Lua script (EVAL, SCRIPT LOAD) only touches the keys it declares:
 * every key it passes to {@code redis.call}/{@code redis.pcall} must be an element of {@code KEYS}
 * (which the rewriter has prefixed), never a key computed from literals, {@code ARGV} or variables.
 * It accepts a subset of the scripts that are safe, never a script it cannot follow:
 *
 * <ul>
 *   <li>{@code redis} may only be used as {@code redis.call(…)}, {@code redis.pcall(…)} or one of
 *       the harmless helpers ({@code redis.log}, {@code redis.sha1hex}, {@code
 *       redis.status_reply}…): no aliasing ({@code local c = redis.call}), no indexing ({@code
 *       redis['call']});
 *   <li>no dynamic code or environment access ({@code load}, {@code loadstring}, {@code _G}, {@code
 *       getfenv}, {@code setmetatable}, {@code rawget}…);
 *   <li>{@code KEYS} is only read ({@code KEYS[i]}, {@code #KEYS}, {@code unpack(KEYS)}, {@code
 *       ipairs(KEYS)}), never assigned or shadowed;
 *   <li>every call names its command with a string literal; the command must be allowed for a
 *       scoped connection; at every key position (found with the catalog, the way the server finds
 *       them) the argument is {@code KEYS[…]}; where the key positions of the command depend on
 *       argument values (keywords, key counts), every other argument must be a literal; where they
 *       depend on the argument count, only {@code unpack(KEYS)} may expand to several arguments.
 * </ul>
 *
 * A rejected script can still run on a project declared trusted; the project's ACL user is then
 * what keeps it in its namespace (the server checks the keys of every command a script calls
 * against the caller's ACL).
 */
public final class ScriptInspector {

  /** The policy for a command called by a script: null if allowed, else why not. */
  @FunctionalInterface
  public interface InnerPolicy {
    String refusal(CommandSpec spec, CommandArguments args);
  }

  private static final Set<String> FORBIDDEN_NAMES =
      Set.of(
          "load",
          "loadstring",
          "dofile",
          "loadfile",
          "require",
          "module",
          "_G",
          "_ENV",
          "getfenv",
          "setfenv",
          "rawget",
          "rawset",
          "rawequal",
          "setmetatable",
          "getmetatable",
          "debug",
          "newproxy",
          "coroutine");
  private static final Set<String> HARMLESS_REDIS_FIELDS =
      Set.of(
          "log",
          "LOG_DEBUG",
          "LOG_VERBOSE",
          "LOG_NOTICE",
          "LOG_WARNING",
          "sha1hex",
          "status_reply",
          "error_reply",
          "setresp",
          "set_repl",
          "replicate_commands",
          "REPL_ALL",
          "REPL_AOF",
          "REPL_REPLICA",
          "REPL_SLAVE",
          "REPL_NONE",
          "breakpoint",
          "debug",
          "REDIS_VERSION",
          "REDIS_VERSION_NUM");

  private static final String EXPANSION = "\u0000KEYS...";

  private final CommandCatalog catalog;
  private final InnerPolicy policy;

  public ScriptInspector(CommandCatalog catalog, InnerPolicy policy) {
    this.catalog = catalog;
    this.policy = policy;
  }

  /**
   * Null if the script only touches declared keys (as far as this check can tell), else why it was
   * refused.
   */
  public String inspect(String script) {
    List<Token> tokens;
    try {
      tokens = LuaTokens.tokenize(script);
    } catch (IllegalArgumentException e) {
      return "the script could not be read (" + e.getMessage() + ")";
    }
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.kind != Kind.NAME) {
        continue;
      }
      if (FORBIDDEN_NAMES.contains(t.text) && !isField(tokens, i)) {
        return "the script uses '"
            + t.text
            + "', which could compute keys or code Redlens cannot follow";
      }
      if (t.text.equals("KEYS") && !isField(tokens, i)) {
        String problem = keysUse(tokens, i);
        if (problem != null) {
          return problem;
        }
      }
      if (t.text.equals("redis") && !isField(tokens, i)) {
        if (!TokenRanges.is(tokens, i + 1, ".")
            || i + 2 >= tokens.size()
            || tokens.get(i + 2).kind != Kind.NAME) {
          return "the script uses 'redis' other than as redis.call(…)/redis.pcall(…)";
        }
        String field = tokens.get(i + 2).text;
        if (field.equals("call") || field.equals("pcall")) {
          if (!TokenRanges.is(tokens, i + 3, "(")) {
            return "the script uses redis." + field + " other than by calling it directly";
          }
          int close = TokenRanges.matching(tokens, i + 3);
          if (close < 0) {
            return "unbalanced parentheses in a redis." + field + " call";
          }
          String problem = call(TokenRanges.split(tokens, i + 4, close));
          if (problem != null) {
            return problem;
          }
        } else if (!HARMLESS_REDIS_FIELDS.contains(field)) {
          return "the script uses redis."
              + field
              + ", which Redlens does not allow in an untrusted script";
        }
      }
    }
    return null;
  }

  private String call(List<List<Token>> args) {
    if (args.isEmpty()) {
      return null; // a runtime error, touches nothing
    }
    List<Token> first = args.get(0);
    if (first.size() != 1 || first.get(0).kind != Kind.STRING) {
      return "the script computes the name of a command it calls (" + LuaTokens.text(first) + ")";
    }
    String name = first.get(0).text;
    List<String> values = new ArrayList<>();
    List<List<Token>> expressions = new ArrayList<>();
    boolean variableTail = false;
    for (int a = 1; a < args.size(); a++) {
      List<Token> arg = args.get(a);
      boolean last = a == args.size() - 1;
      if (last && isUnpackKeys(arg)) {
        for (int k = 0; k < 3; k++) {
          values.add(EXPANSION);
          expressions.add(arg);
        }
        variableTail = true;
        continue;
      }
      if (last && isCall(arg)) {
        variableTail = true;
      }
      values.add(literal(arg, a));
      expressions.add(arg);
    }
    CommandArguments view = CommandArguments.of(values.toArray(new String[0]));
    CommandSpec spec = catalog.resolve(name, view);
    if (spec == null) {
      return "the script calls " + name + ", which is not in the command catalog";
    }
    String refusal = policy.refusal(spec, view);
    if (refusal != null) {
      return "the script calls " + spec.name() + ", which is refused: " + refusal;
    }
    int[] positions = spec.keyPositions(view);
    boolean[] isKey = new boolean[values.size()];
    for (int p : positions) {
      if (p < 0 || p >= values.size()) {
        continue;
      }
      isKey[p] = true;
      List<Token> expression = expressions.get(p);
      if (!values.get(p).equals(EXPANSION) && !isKeysElement(expression)) {
        return "the script computes a key of "
            + spec.name()
            + " ("
            + LuaTokens.text(expression)
            + ") instead of taking it from KEYS";
      }
    }
    Positions kind = positionsKind(spec);
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i).equals(EXPANSION) && !isKey[i]) {
        return "the script passes unpack(KEYS) to "
            + spec.name()
            + " where not every argument is a key";
      }
    }
    if (kind == Positions.BY_VALUE) {
      for (int i = 0; i < values.size(); i++) {
        if (!isKey[i] && values.get(i).startsWith("\u0000")) {
          return "the script passes a computed argument ("
              + LuaTokens.text(expressions.get(i))
              + ") to "
              + spec.name()
              + ", whose key positions depend on its argument values";
        }
      }
      if (variableTail && !values.get(values.size() - 1).equals(EXPANSION)) {
        return "the script passes a variable number of arguments to " + spec.name();
      }
    } else if (kind == Positions.BY_COUNT
        && variableTail
        && !values.get(values.size() - 1).equals(EXPANSION)) {
      return "the script passes a variable number of arguments to "
          + spec.name()
          + ", whose key positions depend on the argument count";
    } else if (kind == Positions.FIXED && variableTail) {
      int tail = values.size() - 1;
      for (int p : positions) {
        if (p >= tail && !values.get(p).equals(EXPANSION)) {
          return "the script passes a variable number of arguments to " + spec.name();
        }
      }
    }
    return null;
  }

  private enum Positions {
    FIXED,
    BY_COUNT,
    BY_VALUE
  }

  private static Positions positionsKind(CommandSpec spec) {
    if (spec.keySpecs().isEmpty()) {
      if (spec.flags().contains("movablekeys")) {
        return Positions.BY_VALUE;
      }
      return spec.lastKey() < 0 ? Positions.BY_COUNT : Positions.FIXED;
    }
    if (spec.name().equals("SORT")
        || spec.name().equals("SORT_RO")
        || spec.name().equals("MIGRATE")) {
      return Positions.BY_VALUE;
    }
    Positions kind = Positions.FIXED;
    for (KeySpec k : spec.keySpecs()) {
      if (k.beginSearch() != KeySpec.BeginSearch.INDEX
          || k.findKeys() != KeySpec.FindKeys.RANGE
          || k.flags().contains(KeySpec.INCOMPLETE)) {
        return Positions.BY_VALUE;
      }
      if (k.lastKey() < 0) {
        kind = Positions.BY_COUNT;
      }
    }
    return kind;
  }

  private static String literal(List<Token> arg, int index) {
    if (arg.size() == 1 && (arg.get(0).kind == Kind.STRING || arg.get(0).kind == Kind.NUMBER)) {
      return arg.get(0).text;
    }
    if (arg.size() == 2 && arg.get(0).text.equals("-") && arg.get(1).kind == Kind.NUMBER) {
      return "-" + arg.get(1).text;
    }
    return "\u0000expr" + index;
  }

  /** {@code KEYS[...]} and nothing else. */
  private static boolean isKeysElement(List<Token> e) {
    return e.size() >= 4
        && e.get(0).kind == Kind.NAME
        && e.get(0).text.equals("KEYS")
        && e.get(1).text.equals("[")
        && TokenRanges.matchingBracket(e, 1) == e.size() - 1;
  }

  private static boolean isUnpackKeys(List<Token> e) {
    int start = 0;
    if (e.size() == 6 && e.get(0).text.equals("table") && e.get(1).text.equals(".")) {
      start = 2;
    }
    return e.size() == start + 4
        && e.get(start).text.equals("unpack")
        && e.get(start + 1).text.equals("(")
        && e.get(start + 2).text.equals("KEYS")
        && e.get(start + 3).text.equals(")");
  }

  /**
   * An expression ending in a call, which Lua may expand to several values as the last argument.
   */
  private static boolean isCall(List<Token> e) {
    if (e.isEmpty()
        || !e.get(e.size() - 1).text.equals(")")
        || e.get(e.size() - 1).kind != Kind.SYMBOL) {
      return false;
    }
    // (expr) in parentheses is truncated to one value by Lua
    return !(e.get(0).text.equals("(") && TokenRanges.matchingIn(e, 0) == e.size() - 1);
  }

  /** KEYS may be read (KEYS[i], #KEYS, unpack/ipairs/pairs(KEYS)), never written or shadowed. */
  private static String keysUse(List<Token> tokens, int i) {
    String prev = i > 0 ? tokens.get(i - 1).text : "";
    if (TokenRanges.is(tokens, i + 1, "[")) {
      int close = TokenRanges.matching(tokens, i + 1);
      if (close < 0) {
        return "unbalanced brackets after KEYS";
      }
      if (TokenRanges.is(tokens, close + 1, "=")) {
        return "the script assigns to KEYS[…], so its keys are computed";
      }
      return null;
    }
    if (prev.equals("#") && !TokenRanges.is(tokens, i + 1, "=")) {
      return null;
    }
    if (prev.equals("(") && TokenRanges.is(tokens, i + 1, ")") && i >= 2) {
      String function = tokens.get(i - 2).text;
      if (function.equals("unpack") || function.equals("ipairs") || function.equals("pairs")) {
        return null;
      }
    }
    return "the script uses KEYS other than by reading its elements, so its keys could be computed";
  }

  private static boolean isField(List<Token> tokens, int i) {
    return i > 0
        && (tokens.get(i - 1).text.equals(".") || tokens.get(i - 1).text.equals(":"))
        && tokens.get(i - 1).kind == Kind.SYMBOL;
  }

  enum Kind {
    NAME,
    STRING,
    NUMBER,
    SYMBOL
  }

  record Token(Kind kind, String text) {}
}
