package dev.redlens.project.rewrite;

import dev.redlens.core.catalog.CommandArguments;
import dev.redlens.core.catalog.CommandCatalog;
import dev.redlens.core.catalog.CommandSpec;
import dev.redlens.project.internal.Bytes;
import dev.redlens.project.internal.CommandPolicy;
import dev.redlens.project.internal.ScriptInspector;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client-neutral core of project scoping: given a command name and its arguments, it returns
 * the arguments to send, with every key (and pub/sub channel) moved into the project's namespace,
 * or refuses the command with a {@link ProjectIsolationException} naming the command and why.
 * Client integrations (Lettuce, Jedis) are thin adapters: they turn their command into {@code
 * (name, List<byte[]>)}, send {@link RewrittenCommand#arguments()} instead, and remove the prefix
 * from key names in replies with {@link #unprefix(byte[])} when {@link
 * RewrittenCommand#replyHasKeys()}.
 *
 * <p>Key positions come from the command catalog ({@link CommandSpec#keyPositions}), which finds
 * keys exactly the way the server does (key specs: index, keyword, range, keynum; SORT's STORE;
 * multi-key commands, XREAD STREAMS, EVAL's declared keys). What it refuses, and why, is listed in
 * the module README; in short: anything the catalog does not know, anything whose keys the catalog
 * cannot locate, keyless commands that act on state every project shares, and the commands that
 * could reach keys outside their key arguments (KEYS and SCAN are confined instead, SORT BY/GET
 * patterns, scripts that compute keys unless the project is trusted).
 *
 * <p>Thread-safe; one instance per project, created by {@link
 * dev.redlens.project.ProjectKeyspace#rewriter()}.
 */
public final class KeyspaceRewriter {

  private static final Set<String> KEY_REPLIES =
      Set.of(
          "KEYS",
          "SCAN",
          "BLPOP",
          "BRPOP",
          "BZPOPMIN",
          "BZPOPMAX",
          "BLMPOP",
          "LMPOP",
          "ZMPOP",
          "BZMPOP",
          "XREAD",
          "XREADGROUP",
          "PUBSUB CHANNELS",
          "PUBSUB SHARDCHANNELS",
          "PUBSUB NUMSUB",
          "PUBSUB SHARDNUMSUB",
          "SUBSCRIBE",
          "SSUBSCRIBE",
          "PSUBSCRIBE",
          "UNSUBSCRIBE",
          "SUNSUBSCRIBE",
          "PUNSUBSCRIBE");
  private static final int MAX_VERIFIED_SCRIPTS = 4096;

  private final String projectId;
  private final byte[] prefix;
  private final byte[] prefixGlob;
  private final byte[] family;
  private final String familyText;
  private final CommandCatalog catalog;
  private final boolean trustedScripts;
  private final ScriptInspector scripts;
  private final Set<String> verifiedScripts = ConcurrentHashMap.newKeySet();

  /**
   * A rewriter confining commands to {@code prefix}; applications get theirs from {@code
   * ProjectKeyspace}, which validates the project id and derives the prefix and family.
   */
  public KeyspaceRewriter(
      String projectId,
      String prefix,
      String family,
      CommandCatalog catalog,
      boolean trustedScripts) {
    this.projectId = projectId;
    this.prefix = Bytes.utf8(prefix);
    this.prefixGlob = Bytes.globLiteral(this.prefix);
    this.family = Bytes.utf8(family);
    this.familyText = family;
    this.catalog = catalog;
    this.trustedScripts = trustedScripts;
    this.scripts = new ScriptInspector(catalog, this::scriptPolicy);
  }

  /** The project this rewriter confines commands to. */
  public String projectId() {
    return projectId;
  }

  /** The key prefix of the project, e.g. {@code project:{0f8c…}:}. */
  public byte[] keyPrefix() {
    return prefix.clone();
  }

  /** {@code key} moved into the project's namespace. */
  public byte[] prefix(byte[] key) {
    return Bytes.concat(prefix, key);
  }

  /** Whether {@code key} (as stored on the server) lies in the project's namespace. */
  public boolean isProjectKey(byte[] key) {
    return Bytes.startsWith(key, prefix);
  }

  /**
   * A key or channel name from a reply without the project's prefix; a name without the prefix
   * (which a confined reply does not contain) is returned unchanged.
   */
  public byte[] unprefix(byte[] key) {
    return isProjectKey(key) ? Arrays.copyOfRange(key, prefix.length, key.length) : key;
  }

  /** {@link #rewrite(String, List)} with UTF-8 text arguments. */
  public RewrittenCommand rewrite(String command, String... arguments) {
    List<byte[]> args = new ArrayList<>(arguments.length);
    for (String a : arguments) {
      args.add(Bytes.utf8(a));
    }
    return rewrite(command, args);
  }

  /**
   * Confines one command to the project.
   *
   * @param command the command name as sent ({@code GET}, {@code client}); a subcommand is the
   *     first argument
   * @param arguments the arguments after the name; not modified
   * @return the arguments to send instead, and whether the reply carries key names to un-prefix
   * @throws ProjectIsolationException if the command could escape the project's namespace
   */
  public RewrittenCommand rewrite(String command, List<byte[]> arguments) {
    if (command == null) {
      throw new IllegalArgumentException("command");
    }
    Args view = new Args(arguments);
    CommandSpec spec = catalog.resolve(command, view);
    if (spec == null) {
      throw refuse(
          command.toUpperCase(Locale.ROOT),
          "it is not in the command catalog, so Redlens cannot tell which of its arguments are keys (register"
              + " module commands in the catalog first)");
    }
    String name = spec.name();
    List<byte[]> out = new ArrayList<>(arguments);
    switch (name) {
      case "KEYS" -> {
        if (out.size() == 1) {
          out.set(0, confinePattern(name, out.get(0)));
        }
        return new RewrittenCommand(command, out, true);
      }
      case "SCAN" -> {
        confineScan(out, view);
        return new RewrittenCommand(command, out, true);
      }
      case "PUBSUB CHANNELS", "PUBSUB SHARDCHANNELS" -> {
        if (out.size() >= 2) {
          out.set(1, confinePattern(name, out.get(1)));
        } else {
          out.add(Bytes.concat(prefixGlob, new byte[] {'*'}));
        }
        return new RewrittenCommand(command, out, true);
      }
      case "PUBSUB NUMSUB", "PUBSUB SHARDNUMSUB" -> {
        prefixFrom(name, out, 1);
        return new RewrittenCommand(command, out, true);
      }
      case "PUBLISH", "SPUBLISH" -> {
        if (!out.isEmpty()) {
          out.set(0, prefixChecked(name, out.get(0)));
        }
        return new RewrittenCommand(command, out, false);
      }
      case "SUBSCRIBE", "SSUBSCRIBE", "UNSUBSCRIBE", "SUNSUBSCRIBE" -> {
        prefixFrom(name, out, 0);
        return new RewrittenCommand(command, out, true);
      }
      case "PSUBSCRIBE", "PUNSUBSCRIBE" -> {
        for (int i = 0; i < out.size(); i++) {
          out.set(i, confinePattern(name, out.get(i)));
        }
        return new RewrittenCommand(command, out, true);
      }
      case "EVAL", "EVAL_RO" -> {
        if (!out.isEmpty()) {
          checkScript(name, out.get(0));
        }
      }
      case "SCRIPT LOAD" -> {
        if (out.size() >= 2) {
          checkScript(name, out.get(1));
        }
        return new RewrittenCommand(command, out, false);
      }
      case "EVALSHA", "EVALSHA_RO" -> {
        String sha = out.isEmpty() ? "" : Bytes.text(out.get(0)).toLowerCase(Locale.ROOT);
        if (!trustedScripts && !verifiedScripts.contains(sha)) {
          throw refuse(
              name,
              "the script "
                  + sha
                  + " was not loaded through this project's connection, so Redlens could not check which keys it"
                  + " touches; send it with EVAL or SCRIPT LOAD first, or declare the project trusted");
        }
      }
      default -> {
        String refusal = policy(spec, view, false);
        if (refusal != null) {
          throw refuse(name, refusal);
        }
      }
    }
    prefixKeys(spec, view, out);
    return new RewrittenCommand(command, out, KEY_REPLIES.contains(name));
  }

  // ---- policy
  // ----------------------------------------------------------------------------------------------

  /**
   * Null if the command may be sent with its keys prefixed, else why not. {@code inScript}: called
   * by a script.
   */
  private String policy(CommandSpec spec, CommandArguments args, boolean inScript) {
    String name = spec.name();
    String refusal = CommandPolicy.refusal(spec, args, trustedScripts);
    if (refusal != null) {
      return refusal;
    }
    if (name.equals("SORT") || name.equals("SORT_RO")) {
      String sort = KeyShapes.sortPatterns(args);
      if (sort != null) {
        return sort;
      }
    } else if (!KeyShapes.locatable(spec)) {
      return "the command catalog cannot locate all of its keys, so some could lie outside the project";
    }
    if (!KeyShapes.hasKeys(spec) && !CommandPolicy.isAllowedKeyless(spec, args)) {
      return "it has no key arguments and acts on state that every project shares";
    }
    if (inScript && KEY_REPLIES.contains(name) && !KeyShapes.hasKeys(spec)) {
      return "it lists or subscribes outside the script's declared keys";
    }
    return null;
  }

  private String scriptPolicy(CommandSpec spec, CommandArguments args) {
    String name = spec.name();
    if (name.equals("KEYS")
        || name.equals("SCAN")
        || name.startsWith("PUBSUB")
        || name.equals("PUBLISH")
        || name.equals("SPUBLISH")) {
      return "a script cannot be confined to the project's namespace when it "
          + (name.contains("PUB") ? "uses channels" : "lists keys");
    }
    return policy(spec, args, true);
  }

  private void checkScript(String name, byte[] body) {
    if (!trustedScripts) {
      String problem = scripts.inspect(Bytes.text(body));
      if (problem != null) {
        throw refuse(
            name,
            problem
                + "; a script may only touch the keys it declares (KEYS), unless the project is declared"
                + " trusted (ProjectKeyspace.withTrustedScripts)");
      }
    }
    if (verifiedScripts.size() < MAX_VERIFIED_SCRIPTS) {
      verifiedScripts.add(sha1(body));
    }
  }

  // ---- rewriting
  // -------------------------------------------------------------------------------------------

  private void prefixKeys(CommandSpec spec, CommandArguments view, List<byte[]> out) {
    for (int position : spec.keyPositions(view)) {
      if (position >= 0 && position < out.size()) {
        out.set(position, prefixChecked(spec.name(), out.get(position)));
      }
    }
  }

  private void prefixFrom(String name, List<byte[]> out, int from) {
    for (int i = from; i < out.size(); i++) {
      out.set(i, prefixChecked(name, out.get(i)));
    }
  }

  private byte[] prefixChecked(String name, byte[] key) {
    if (Bytes.startsWith(key, family)) {
      throw refuse(
          name,
          "'"
              + Bytes.shown(key)
              + "' names a key or channel in a project namespace ('"
              + familyText
              + "…'); names on a scoped connection are relative to its project, so another project's keys"
              + " cannot be named");
    }
    return Bytes.concat(prefix, key);
  }

  /** A glob pattern confined to the namespace: the escaped prefix, then the pattern. */
  private byte[] confinePattern(String name, byte[] pattern) {
    if (Bytes.startsWith(pattern, family)) {
      throw refuse(
          name,
          "the pattern '"
              + Bytes.shown(pattern)
              + "' names a project namespace ('"
              + familyText
              + "…'); patterns on a scoped connection are relative to its project, so another project's keys"
              + " cannot be listed");
    }
    return Bytes.concat(prefixGlob, pattern);
  }

  /** SCAN cursor [MATCH p] [COUNT n] [TYPE t]: every MATCH confined, one added if there is none. */
  private void confineScan(List<byte[]> out, CommandArguments view) {
    boolean matched = false;
    int i = 1;
    while (i + 1 < out.size()) {
      String option = view.get(i);
      if (option.equalsIgnoreCase("MATCH")) {
        out.set(i + 1, confinePattern("SCAN", out.get(i + 1)));
        matched = true;
      } else if (!option.equalsIgnoreCase("COUNT") && !option.equalsIgnoreCase("TYPE")) {
        break; // a syntax error the server reports
      }
      i += 2;
    }
    if (!matched) {
      out.add(Bytes.utf8("MATCH"));
      out.add(Bytes.concat(prefixGlob, new byte[] {'*'}));
    }
  }

  private ProjectIsolationException refuse(String command, String reason) {
    return new ProjectIsolationException(command, projectId, reason);
  }

  private static String sha1(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The arguments as text for the catalog (keywords, counts, subcommands); decoded once, lazily.
   */
  private static final class Args implements CommandArguments {
    private final List<byte[]> args;
    private final String[] decoded;

    Args(List<byte[]> args) {
      this.args = args;
      this.decoded = new String[args.size()];
    }

    @Override
    public int size() {
      return args.size();
    }

    @Override
    public String get(int index) {
      String s = decoded[index];
      if (s == null) {
        byte[] b = args.get(index);
        s = b == null ? "" : new String(b, StandardCharsets.UTF_8);
        decoded[index] = s;
      }
      return s;
    }
  }
}
