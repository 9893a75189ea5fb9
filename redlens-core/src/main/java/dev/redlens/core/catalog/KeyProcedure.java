package dev.redlens.core.catalog;

/**
 * The server's own code for the two commands whose keys their key specs cannot express. Redis
 * itself falls back to these procedures ({@code sortGetKeys} and {@code migrateGetKeys} in {@code
 * db.c}) when a key spec is {@code unknown} or {@code INCOMPLETE}; every other command's keys
 * follow from its key specs alone.
 *
 * <ul>
 *   <li>SORT: {@code STORE destination} may appear anywhere among the options (its spec is {@code
 *       unknown}).
 *   <li>MIGRATE: with {@code KEYS}, the key argument is {@code ""} and the keys follow the keyword,
 *       which is searched after the options (its spec is {@code INCOMPLETE}).
 * </ul>
 *
 * <p>Positions are in the server's convention (0 is the command name); {@code argv(i)} is {@code
 * args.get(i - 1)}.
 */
enum KeyProcedure {
  NONE,
  SORT,
  MIGRATE;

  static KeyProcedure forName(String upperCaseName) {
    switch (upperCaseName) {
      case "SORT":
        return SORT;
      case "MIGRATE":
        return MIGRATE;
      default:
        return NONE;
    }
  }

  /**
   * Finds the keys; returns their number and, if {@code out} is not null, writes their argument
   * indexes.
   */
  int find(CommandArguments args, int argc, int[] out) {
    switch (this) {
      case SORT:
        return sort(args, argc, out);
      case MIGRATE:
        return migrate(args, argc, out);
      default:
        return 0;
    }
  }

  /**
   * Redis's sortGetKeys: the sorted key, and the last STORE's destination, skipping LIMIT/GET/BY
   * arguments.
   */
  private static int sort(CommandArguments args, int argc, int[] out) {
    if (argc < 2) {
      return 0;
    }
    int n = KeyFinder.put(out, 0, 1);
    int store = -1;
    for (int i = 2; i < argc; i++) {
      String arg = args.get(i - 1);
      if (arg.equalsIgnoreCase("limit")) {
        i += 2;
      } else if (arg.equalsIgnoreCase("get") || arg.equalsIgnoreCase("by")) {
        i += 1;
      } else if (arg.equalsIgnoreCase("store") && i + 1 < argc) {
        store = i + 1; // the last STORE wins, as in SORT itself
      }
    }
    if (store > 0) {
      n = KeyFinder.put(out, n, store);
    }
    return n;
  }

  /**
   * Redis's migrateGetKeys: {@code MIGRATE host port key db timeout [COPY] [REPLACE] [AUTH pw |
   * AUTH2 user pw] [KEYS key…]}. With KEYS, the key argument must be empty, else the command is a
   * syntax error with no keys.
   */
  private static int migrate(CommandArguments args, int argc, int[] out) {
    if (argc < 4) {
      return 0;
    }
    int first = 3;
    int num = 1;
    for (int i = 6; i < argc; i++) {
      String arg = args.get(i - 1);
      if (arg.equalsIgnoreCase("keys")) {
        if (!args.get(first - 1).isEmpty()) {
          num = 0;
        } else {
          first = i + 1;
          num = argc - first;
        }
        break;
      } else if (arg.equalsIgnoreCase("auth")) {
        i += 1;
      } else if (arg.equalsIgnoreCase("auth2")) {
        i += 2;
      }
    }
    int n = 0;
    for (int i = 0; i < num; i++) {
      n = KeyFinder.put(out, n, first + i);
    }
    return n;
  }
}
