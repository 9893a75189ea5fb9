package dev.redlens.core.internal.sanitize;

import dev.redlens.core.catalog.CommandArguments;
import java.util.Locale;
import java.util.Set;

/**
 * Which arguments of a command are credentials, masked in every {@link QueryTextMode}. By command
 * name, so that the rules hold whether or not the catalog knows the command (SENTINEL is not in a
 * data node's table):
 *
 * <ul>
 *   <li>{@code AUTH [username] password}: every argument
 *   <li>{@code HELLO [protover [AUTH username password] [SETNAME name]]}: the two arguments after
 *       AUTH
 *   <li>{@code MIGRATE host port key db timeout [COPY] [REPLACE] [AUTH password | AUTH2 username
 *       password] [KEYS …]}: the arguments of AUTH / AUTH2 among the options
 *   <li>{@code ACL SETUSER name rule…}: every rule that adds or removes a password or its hash
 *       ({@code >pw}, {@code <pw}, {@code #hash}, {@code !hash}), also inside a selector or a
 *       multi-rule argument
 *   <li>{@code ACL DRYRUN user command arg…}: the rules of the command being tried
 *   <li>{@code CONFIG SET name value [name value …]}: the value of each sensitive parameter ({@code
 *       requirepass}, {@code masterauth}, {@code masteruser}, the TLS key passphrases, and the
 *       {@code primary*} aliases)
 *   <li>{@code SENTINEL SET master auth-pass|auth-user value …} and {@code SENTINEL CONFIG SET
 *       sentinel-pass|sentinel-user value …}
 * </ul>
 *
 * <p>Masking errs on the side of hiding: a keyword is recognised wherever it appears among the
 * options.
 */
final class CredentialRules {

  private static final Set<String> SENSITIVE_CONFIG =
      Set.of(
          "requirepass",
          "masterauth",
          "masteruser",
          "primaryauth",
          "primaryuser",
          "tls-key-file-pass",
          "tls-client-key-file-pass");

  private static final Set<String> SENSITIVE_SENTINEL = Set.of("auth-pass", "auth-user");

  private static final Set<String> SENSITIVE_SENTINEL_CONFIG =
      Set.of("sentinel-pass", "sentinel-user");

  private CredentialRules() {}

  /**
   * Marks the credential arguments of {@code command} (the top-level name, any case): {@code
   * result[i]} is true if {@code args.get(i)} must be masked. Null when nothing needs masking (the
   * common case: no allocation).
   */
  static boolean[] sensitive(String command, CommandArguments args) {
    return apply(command, args, 0, args.size(), null);
  }

  private static boolean[] apply(
      String command, CommandArguments args, int from, int size, boolean[] mask) {
    if (command == null || from >= size) {
      return mask;
    }
    switch (command.toUpperCase(Locale.ROOT)) {
      case "AUTH":
        for (int i = from; i < size; i++) {
          mask = mark(mask, i, size);
        }
        return mask;
      case "HELLO":
        for (int i = from; i < size; i++) {
          String a = args.get(i);
          if (a.equalsIgnoreCase("AUTH")) {
            mask = mark(mask, i + 1, size);
            mask = mark(mask, i + 2, size);
            i += 2;
          } else if (a.equalsIgnoreCase("SETNAME")) {
            i += 1;
          }
        }
        return mask;
      case "MIGRATE":
        // options follow the five fixed arguments (host port key|"" destination-db timeout), as the
        // server
        // parses them: a key named KEYS or AUTH is not an option
        for (int i = from + 5; i < size; i++) {
          String a = args.get(i);
          if (a.equalsIgnoreCase("KEYS")) {
            break;
          } else if (a.equalsIgnoreCase("AUTH")) {
            mask = mark(mask, i + 1, size);
            i += 1;
          } else if (a.equalsIgnoreCase("AUTH2")) {
            mask = mark(mask, i + 1, size);
            mask = mark(mask, i + 2, size);
            i += 2;
          }
        }
        return mask;
      case "ACL":
        return acl(args, from, size, mask);
      case "CONFIG":
        if (args.get(from).equalsIgnoreCase("SET")) {
          mask = pairs(args, from + 1, size, SENSITIVE_CONFIG, mask);
        }
        return mask;
      case "SENTINEL":
        return sentinel(args, from, size, mask);
      default:
        return mask;
    }
  }

  private static boolean[] acl(CommandArguments args, int from, int size, boolean[] mask) {
    String sub = args.get(from);
    if (sub.equalsIgnoreCase("SETUSER")) {
      for (int i = from + 2; i < size; i++) {
        if (isPasswordRule(args.get(i))) {
          mask = mark(mask, i, size);
        }
      }
    } else if (sub.equalsIgnoreCase("DRYRUN") && from + 2 < size) {
      mask = apply(args.get(from + 2), args, from + 3, size, mask);
    }
    return mask;
  }

  private static boolean[] sentinel(CommandArguments args, int from, int size, boolean[] mask) {
    String sub = args.get(from);
    if (sub.equalsIgnoreCase("SET")) {
      return pairs(args, from + 2, size, SENSITIVE_SENTINEL, mask);
    }
    if (sub.equalsIgnoreCase("CONFIG")
        && from + 1 < size
        && args.get(from + 1).equalsIgnoreCase("SET")) {
      return pairs(args, from + 2, size, SENSITIVE_SENTINEL_CONFIG, mask);
    }
    return mask;
  }

  /** {@code name value} pairs from {@code from}: masks the value of every sensitive name. */
  private static boolean[] pairs(
      CommandArguments args, int from, int size, Set<String> sensitiveNames, boolean[] mask) {
    for (int i = from; i + 1 < size; i += 2) {
      if (sensitiveNames.contains(args.get(i).toLowerCase(Locale.ROOT))) {
        mask = mark(mask, i + 1, size);
      }
    }
    return mask;
  }

  /**
   * Whether an ACL rule argument sets or removes a password or a password hash: a token starting
   * with {@code >}, {@code <}, {@code #} or {@code !}, where a token starts the argument, follows a
   * blank, or follows the {@code (} of a selector.
   */
  static boolean isPasswordRule(String rule) {
    for (int i = 0; i < rule.length(); i++) {
      char c = rule.charAt(i);
      boolean tokenStart =
          i == 0 || Character.isWhitespace(rule.charAt(i - 1)) || rule.charAt(i - 1) == '(';
      if (tokenStart && (c == '>' || c == '<' || c == '#' || c == '!')) {
        return true;
      }
    }
    return false;
  }

  private static boolean[] mark(boolean[] mask, int index, int size) {
    if (index >= size) {
      return mask;
    }
    boolean[] m = mask != null ? mask : new boolean[size];
    m[index] = true;
    return m;
  }
}
