package dev.redlens.core.catalog;

import java.util.Arrays;

/**
 * Finds the key arguments of a command the way the server does ({@code getKeysFromCommandWithSpecs}
 * in Redis 7's {@code db.c}):
 *
 * <ol>
 *   <li>A spec with key specs: they are applied in order ({@link #bySpecs}). If one is {@code
 *       unknown}, does not fit the arguments, or is {@code INCOMPLETE}, the server resorts to
 *       command-specific code: here the {@link KeyProcedure} for SORT and MIGRATE, and for any
 *       other command the keys that the usable specs find (the server's {@code
 *       GET_KEYSPEC_RETURN_PARTIAL}). Specs flagged {@code NOT_KEY} (shard channels) are skipped; a
 *       command with only such specs has no keys.
 *   <li>A spec without key specs (learned from a server before 7.0, or a module command registered
 *       with a legacy range only): the legacy first/last/step range.
 * </ol>
 *
 * <p>Indexes are computed in the server's convention (0 is the command name, {@code argc} counts
 * it) and written out as indexes into {@link CommandArguments} (one less). The count-only path
 * ({@code out == null}) allocates nothing. Never throws: arguments that do not fit give no keys.
 */
final class KeyFinder {

  private KeyFinder() {}

  /**
   * Number of keys; if {@code out} is not null, their argument indexes are written to it (as far as
   * it goes).
   */
  static int find(CommandSpec spec, CommandArguments args, int[] out) {
    if (args == null) {
      return 0;
    }
    try {
      int argc = args.size() + 1;
      Fixed fixed = spec.fixedKeys;
      if (fixed != null && argc >= fixed.minArgc) {
        return fixed.write(out);
      }
      return bySpecsOrProcedure(spec, args, argc, out);
    } catch (RuntimeException e) {
      // a CommandArguments that fails to produce an argument: report no keys rather than fail the
      // command
      return 0;
    }
  }

  /** {@link #find} without the {@link Fixed} short cut: what the short cut must agree with. */
  static int bySpecsOrProcedure(CommandSpec spec, CommandArguments args, int argc, int[] out) {
    KeySpec[] specs = spec.keySpecArray();
    if (specs.length > 0) {
      int n = bySpecs(specs, args, argc, null, false);
      if (n >= 0) {
        return out == null ? n : bySpecs(specs, args, argc, out, false);
      }
      if (spec.keyProcedure() != KeyProcedure.NONE) {
        return spec.keyProcedure().find(args, argc, out);
      }
      return Math.max(0, bySpecs(specs, args, argc, out, true));
    }
    if (spec.keyProcedure() != KeyProcedure.NONE) {
      return spec.keyProcedure().find(args, argc, out);
    }
    return legacy(spec, argc, out);
  }

  /**
   * The keys of a spec whose key specs do not depend on the arguments (every one {@code NOT_KEY},
   * or an index and a range ending at a fixed offset from it: {@code GET}, {@code SET}, {@code
   * SMOVE}, most commands), or null. For such a spec {@link #bySpecs} finds the same keys whenever
   * the command has enough arguments for the last of them ({@code minArgc}); with fewer, it has its
   * own answer (a spec out of bounds), so that case still takes the long way. Computed once per
   * spec: a sampled span's key count and query text ask for the keys of every command.
   */
  static Fixed fixed(KeySpec[] specs) {
    if (specs.length == 0) {
      return null;
    }
    int[] argv = new int[0];
    int minArgc = 1;
    for (KeySpec spec : specs) {
      if (spec.isNotKey()) {
        continue;
      }
      if (spec.beginSearch() != KeySpec.BeginSearch.INDEX
          || spec.findKeys() != KeySpec.FindKeys.RANGE
          || spec.lastKey() < 0
          || spec.keyStep() < 1
          || spec.index() < 1
          || spec.isIncomplete()) {
        return null;
      }
      int first = spec.index();
      int last = first + spec.lastKey();
      for (int i = first; i <= last; i += spec.keyStep()) {
        argv = Arrays.copyOf(argv, argv.length + 1);
        argv[argv.length - 1] = i;
      }
      minArgc = Math.max(minArgc, last + 1);
    }
    return new Fixed(argv, minArgc);
  }

  /** Keys at fixed argv indexes, in spec order, found when the command has at least minArgc. */
  static final class Fixed {
    private final int[] argv;
    final int minArgc;

    private Fixed(int[] argv, int minArgc) {
      this.argv = argv;
      this.minArgc = minArgc;
    }

    int write(int[] out) {
      int n = 0;
      for (int index : argv) {
        n = put(out, n, index);
      }
      return n;
    }
  }

  /**
   * Writes argv index {@code argvIndex} as argument index {@code argvIndex - 1} at {@code out[n]};
   * returns n + 1.
   */
  static int put(int[] out, int n, int argvIndex) {
    if (out != null && n < out.length) {
      out[n] = argvIndex - 1;
    }
    return n + 1;
  }

  /**
   * Redis's getKeysUsingKeySpecs. Returns the number of keys, or -1 when a spec is invalid for
   * these arguments and {@code partial} is false; with {@code partial}, invalid specs are skipped.
   */
  private static int bySpecs(
      KeySpec[] specs, CommandArguments args, int argc, int[] out, boolean partial) {
    int n = 0;
    for (KeySpec spec : specs) {
      if (spec.isNotKey()) {
        continue;
      }
      int first = 0;
      switch (spec.beginSearch()) {
        case INDEX:
          first = spec.index();
          break;
        case KEYWORD:
          first = searchKeyword(spec, args, argc);
          if (first == 0) {
            continue; // keyword absent: this spec has no keys
          }
          break;
        default:
          if (partial) {
            continue;
          }
          return -1;
      }
      int last;
      int step;
      switch (spec.findKeys()) {
        case RANGE:
          step = spec.keyStep();
          if (spec.lastKey() >= 0) {
            last = first + spec.lastKey();
          } else if (spec.limit() == 0) {
            last = argc + spec.lastKey();
          } else {
            last = first + ((argc - first) / spec.limit() + spec.lastKey());
          }
          break;
        case KEYNUM:
          {
            step = spec.keyStep();
            int numIndex = first + spec.keyNumIndex();
            long numKeys =
                numIndex < argc && numIndex >= 1 ? parseCount(args.get(numIndex - 1)) : -1;
            if (numKeys < 0) {
              if (partial) {
                continue;
              }
              return -1;
            }
            first += spec.firstKey();
            last = first + (int) numKeys - 1;
            break;
          }
        default:
          if (partial) {
            continue;
          }
          return -1;
      }
      if (step < 1 || first < 1 || last >= argc || last < first || first >= argc) {
        // out of bounds: a syntax error the server will report; no keys from this spec
        if (partial) {
          continue;
        }
        return -1;
      }
      for (int i = first; i <= last; i += step) {
        n = put(out, n, i);
      }
      if (spec.isIncomplete() && !partial) {
        return -1;
      }
    }
    return n;
  }

  /** The index after the spec's keyword, or 0 if it is absent; searches like the server does. */
  private static int searchKeyword(KeySpec spec, CommandArguments args, int argc) {
    int from = spec.startFrom();
    int start = from > 0 ? from : argc + from;
    int end = from > 0 ? argc - 1 : 1;
    for (int i = start; i != end; i = start <= end ? i + 1 : i - 1) {
      if (i >= argc || i < 1) {
        break;
      }
      if (args.get(i - 1).equalsIgnoreCase(spec.keyword())) {
        return i + 1;
      }
    }
    return 0;
  }

  /**
   * Redis's legacy range: first, last (negative: from the end), step; nothing if it overruns the
   * arguments.
   */
  private static int legacy(CommandSpec spec, int argc, int[] out) {
    int first = spec.firstKey();
    int step = spec.keyStep();
    if (first <= 0 || step <= 0) {
      return 0;
    }
    int last = spec.lastKey();
    if (last < 0) {
      last = argc + last;
    }
    if (last >= argc || first >= argc) {
      return 0; // fewer arguments than the range needs: the server reports the arity error, with no
      // keys
    }
    int n = 0;
    for (int i = first; i <= last; i += step) {
      n = put(out, n, i);
    }
    return n;
  }

  /**
   * A non-negative count as the server parses it (string2ll), or -1; no allocation, no exception.
   */
  static long parseCount(String s) {
    int len = s.length();
    if (len == 0 || len > 10) {
      return -1;
    }
    if (len > 1 && s.charAt(0) == '0') {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < len; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v > Integer.MAX_VALUE ? -1 : v;
  }
}
