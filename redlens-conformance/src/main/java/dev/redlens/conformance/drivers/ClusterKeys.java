package dev.redlens.conformance.drivers;

import dev.redlens.conformance.ClientTraits;
import dev.redlens.core.catalog.CommandArguments;
import dev.redlens.core.catalog.CommandCatalog;
import dev.redlens.core.catalog.CommandSpec;
import java.util.Arrays;

/**
 * What the cluster drivers of both clients share: every key of the suites gets the hash tag {@value
 * #TAG} in front, so the suites' multi-key commands and transactions stay in one slot, whose master
 * every assertion names; the keys of raw commands are found with Redlens's command catalog, so that
 * the client routes them by slot.
 */
public final class ClusterKeys {

  /** The hash tag in front of every key. */
  public static final String TAG = "{conformance}";

  /** A cluster client's traits: keys as sent carry the tag. */
  public static final ClientTraits TRAITS =
      new ClientTraits(null, key -> TAG + key, command -> false, null);

  private static final CommandCatalog CATALOG = CommandCatalog.builtIn();

  private ClusterKeys() {}

  /** {@code keys} with the tag in front. */
  public static String[] tagged(String... keys) {
    return Arrays.stream(keys).map(k -> TAG + k).toArray(String[]::new);
  }

  /**
   * The positions of the keys among the arguments of {@code commandAndArguments} (0 is the first
   * argument after the name), ascending.
   */
  public static int[] keyPositions(String... commandAndArguments) {
    String[] args = Arrays.copyOfRange(commandAndArguments, 1, commandAndArguments.length);
    CommandArguments view =
        new CommandArguments() {
          @Override
          public int size() {
            return args.length;
          }

          @Override
          public String get(int index) {
            return args[index];
          }
        };
    CommandSpec spec = CATALOG.resolve(commandAndArguments[0], view);
    return spec == null ? new int[0] : spec.keyPositions(view);
  }
}
