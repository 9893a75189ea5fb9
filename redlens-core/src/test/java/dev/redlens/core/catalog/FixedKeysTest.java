package dev.redlens.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The short cut for keys at fixed positions ({@link KeyFinder.Fixed}) against the server's
 * algorithm it stands for: the same keys for every spec of the bundled table and every argument
 * count, and taken for the commands it is meant for. The isolation of projects rewrites exactly
 * these positions, so a disagreement would leak a key.
 */
class FixedKeysTest {

  private static final int MAX_ARGUMENTS = 16;

  @Test
  void theShortCutFindsWhatTheKeySpecsFindForEveryCommandAndArgumentCount() {
    int compared = 0;
    for (CommandSpec spec : CommandCatalog.builtIn().all()) {
      for (int size = 0; size <= MAX_ARGUMENTS; size++) {
        CommandArguments args = CommandArguments.of(arguments(size));
        int[] expected = new int[MAX_ARGUMENTS];
        int[] actual = new int[MAX_ARGUMENTS];
        int expectedCount =
            Math.max(0, KeyFinder.bySpecsOrProcedure(spec, args, size + 1, expected));
        int actualCount = KeyFinder.find(spec, args, actual);
        assertThat(actualCount)
            .as("%s with %d arguments", spec.name(), size)
            .isEqualTo(expectedCount);
        assertThat(actual).as("%s with %d arguments", spec.name(), size).isEqualTo(expected);
        assertThat(spec.keyCount(args)).isEqualTo(expectedCount);
        compared++;
      }
    }
    assertThat(compared).isGreaterThan(200 * (MAX_ARGUMENTS + 1));
  }

  @Test
  void theShortCutIsTakenForKeysAtFixedPositionsOnly() {
    CommandCatalog catalog = CommandCatalog.builtIn();
    for (String fixed : new String[] {"GET", "SET", "HSET", "SMOVE", "LMOVE", "RENAME"}) {
      assertThat(catalog.find(fixed).fixedKeys).as(fixed).isNotNull();
    }
    // keys counted from an argument, to the end, after a keyword, or by a procedure
    for (String moving :
        new String[] {"MSET", "MGET", "DEL", "EVAL", "ZUNIONSTORE", "XREAD", "SORT"}) {
      assertThat(catalog.find(moving).fixedKeys).as(moving).isNull();
    }
  }

  @Test
  void tooFewArgumentsForTheLastKeyTakeTheLongWay() {
    CommandSpec smove = CommandCatalog.builtIn().find("SMOVE");
    assertThat(smove.fixedKeys.minArgc).isEqualTo(3); // SMOVE source destination member
    assertThat(smove.keyCount(CommandArguments.of("source", "destination", "member"))).isEqualTo(2);
    assertThat(smove.keyPositions(CommandArguments.of("source", "destination", "m")))
        .containsExactly(0, 1);
    // one argument: the second spec is out of bounds, and the server's partial answer is kept
    assertThat(smove.keyCount(CommandArguments.of("source")))
        .isEqualTo(
            Math.max(
                0, KeyFinder.bySpecsOrProcedure(smove, CommandArguments.of("source"), 2, null)));
  }

  private static String[] arguments(int size) {
    String[] args = new String[size];
    for (int i = 0; i < size; i++) {
      args[i] = i % 3 == 0 ? Integer.toString(i % 4) : "a" + i;
    }
    return args;
  }
}
