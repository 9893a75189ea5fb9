package dev.redlens.project.rewrite;

import dev.redlens.core.catalog.CommandArguments;
import dev.redlens.core.catalog.CommandSpec;
import dev.redlens.core.catalog.KeySpec;

/**
 * What the command catalog says of a command's keys, for the rewriter's policy: whether it names
 * keys at all, whether every key can be located, and SORT's patterns that read keys that are not
 * arguments.
 */
final class KeyShapes {

  private KeyShapes() {}

  static boolean hasKeys(CommandSpec spec) {
    if (!spec.keySpecs().isEmpty()) {
      for (KeySpec k : spec.keySpecs()) {
        if (!k.flags().contains(KeySpec.NOT_KEY)) {
          return true;
        }
      }
      return false;
    }
    return spec.firstKey() > 0 || spec.flags().contains("movablekeys");
  }

  /** Whether {@link CommandSpec#keyPositions} finds every key of this command. */
  static boolean locatable(CommandSpec spec) {
    if (spec.keySpecs().isEmpty()) {
      return !spec.flags().contains("movablekeys");
    }
    for (KeySpec k : spec.keySpecs()) {
      if (k.flags().contains(KeySpec.NOT_KEY)) {
        continue;
      }
      if (k.beginSearch() == KeySpec.BeginSearch.UNKNOWN
          || k.findKeys() == KeySpec.FindKeys.UNKNOWN
          || k.flags().contains(KeySpec.INCOMPLETE)) {
        return false;
      }
    }
    return true;
  }

  /** SORT's BY and GET patterns make the server read keys that are not arguments. */
  static String sortPatterns(CommandArguments args) {
    for (int i = 1; i < args.size(); i++) {
      String option = args.get(i);
      if (option.equalsIgnoreCase("LIMIT")) {
        i += 2;
      } else if (option.equalsIgnoreCase("BY") && i + 1 < args.size()) {
        if (args.get(i + 1).indexOf('*') >= 0) {
          return "its BY pattern '"
              + args.get(i + 1)
              + "' makes the server read keys computed from the"
              + " elements, which Redlens cannot confine to the project";
        }
        i++;
      } else if (option.equalsIgnoreCase("GET") && i + 1 < args.size()) {
        if (!args.get(i + 1).equals("#")) {
          return "its GET pattern '"
              + args.get(i + 1)
              + "' makes the server read keys computed from the"
              + " elements, which Redlens cannot confine to the project";
        }
        i++;
      } else if (option.equalsIgnoreCase("STORE")) {
        i++;
      }
    }
    return null;
  }
}
