package dev.redlens.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The derivation rules, one by one, and their outcome on the real entries of the bundled table. */
class CategoryDerivationTest {

  private static final List<KeySpec> NO_SPECS = List.of();
  private static final List<KeySpec> RM =
      List.of(KeySpec.builder().flags("RM", "DELETE").beginIndex(1).range(-1, 1, 0).build());
  private static final List<KeySpec> RW_DELETE =
      List.of(
          KeySpec.builder().flags("RW", "ACCESS", "DELETE").beginIndex(1).range(0, 1, 0).build());

  private static CommandCategory derive(Set<String> acl, List<KeySpec> specs, boolean hasKeys) {
    return CategoryDerivation.derive(acl, Set.of(), specs, hasKeys);
  }

  @Test
  void rulesInOrder() {
    // 1-4: the family ACL categories win over everything else
    assertThat(derive(Set.of("transaction", "write", "admin"), NO_SPECS, false))
        .isEqualTo(CommandCategory.TRANSACTION);
    assertThat(derive(Set.of("pubsub", "scripting"), NO_SPECS, false))
        .isEqualTo(CommandCategory.PUBSUB);
    assertThat(derive(Set.of("scripting", "stream", "write"), RM, true))
        .isEqualTo(CommandCategory.SCRIPTING);
    assertThat(derive(Set.of("stream", "write"), RM, true)).isEqualTo(CommandCategory.STREAM);
    // 5: RM key spec, or keyless @keyspace @write @dangerous
    assertThat(derive(Set.of("keyspace", "write", "slow"), RM, true))
        .isEqualTo(CommandCategory.DELETE);
    assertThat(derive(Set.of("keyspace", "write", "dangerous"), NO_SPECS, false))
        .isEqualTo(CommandCategory.DELETE);
    assertThat(derive(Set.of("keyspace", "write", "dangerous"), RW_DELETE, true))
        .as("with keys (MIGRATE, RESTORE) it is a write")
        .isEqualTo(CommandCategory.WRITE);
    assertThat(derive(Set.of("write", "string"), RW_DELETE, true))
        .as("DELETE (data removed from a value) is not RM")
        .isEqualTo(CommandCategory.WRITE);
    // 6: @admin, or @dangerous with neither @read nor @write
    assertThat(derive(Set.of("admin", "connection", "dangerous"), NO_SPECS, false))
        .isEqualTo(CommandCategory.ADMIN);
    assertThat(derive(Set.of("slow", "dangerous"), NO_SPECS, false))
        .isEqualTo(CommandCategory.ADMIN);
    assertThat(derive(Set.of("read", "keyspace", "dangerous"), NO_SPECS, true))
        .isEqualTo(CommandCategory.READ);
    // 7-10
    assertThat(derive(Set.of("connection", "fast"), NO_SPECS, false))
        .isEqualTo(CommandCategory.CONNECTION);
    assertThat(derive(Set.of("write", "read"), NO_SPECS, true)).isEqualTo(CommandCategory.WRITE);
    assertThat(derive(Set.of("read", "fast"), NO_SPECS, true)).isEqualTo(CommandCategory.READ);
    assertThat(derive(Set.of("fast"), NO_SPECS, false)).isEqualTo(CommandCategory.OTHER);
    assertThat(derive(Set.of(), NO_SPECS, false)).isEqualTo(CommandCategory.OTHER);
  }

  @Test
  void containerTakesTheSharedCategoryIgnoringHelp() {
    CommandSpec get = CommandSpec.builder("C GET").aclCategories("admin").build();
    CommandSpec set = CommandSpec.builder("C SET").aclCategories("admin").build();
    CommandSpec help = CommandSpec.builder("C HELP").aclCategories("slow").build();
    CommandSpec id = CommandSpec.builder("C ID").aclCategories("connection").build();
    assertThat(CategoryDerivation.ofContainer(List.of(get, set, help)))
        .isEqualTo(CommandCategory.ADMIN);
    assertThat(CategoryDerivation.ofContainer(List.of(get, id, help)))
        .isEqualTo(CommandCategory.OTHER);
    assertThat(CategoryDerivation.ofContainer(List.of(help))).isEqualTo(CommandCategory.OTHER);
    assertThat(CategoryDerivation.ofContainer(List.of())).isEqualTo(CommandCategory.OTHER);
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "GET, READ",
    "SET, WRITE",
    "DEL, DELETE",
    "UNLINK, DELETE",
    "FLUSHDB, DELETE",
    "FLUSHALL, DELETE",
    "EXPIRE, WRITE",
    "PEXPIRE, WRITE",
    "PERSIST, WRITE",
    "GETDEL, WRITE",
    "INFO, ADMIN",
    "DEBUG, ADMIN",
    "MONITOR, ADMIN",
    "CONFIG GET, ADMIN",
    "CONFIG SET, ADMIN",
    "CONFIG, ADMIN",
    "CLIENT LIST, ADMIN",
    "CLIENT KILL, ADMIN",
    "CLIENT SETNAME, CONNECTION",
    "CLIENT, OTHER",
    "AUTH, CONNECTION",
    "HELLO, CONNECTION",
    "PING, CONNECTION",
    "SELECT, CONNECTION",
    "ECHO, CONNECTION",
    "MULTI, TRANSACTION",
    "EXEC, TRANSACTION",
    "WATCH, TRANSACTION",
    "PUBLISH, PUBSUB",
    "SUBSCRIBE, PUBSUB",
    "SPUBLISH, PUBSUB",
    "XADD, STREAM",
    "XREAD, STREAM",
    "XGROUP CREATE, STREAM",
    "EVAL, SCRIPTING",
    "FCALL, SCRIPTING",
    "SCRIPT LOAD, SCRIPTING",
    "FUNCTION LOAD, SCRIPTING",
    "KEYS, READ",
    "SCAN, READ",
    "SORT, WRITE",
    "SORT_RO, READ",
    "MIGRATE, WRITE",
    "OBJECT ENCODING, READ",
    "OBJECT, READ",
    "TIME, OTHER",
  })
  void realEntries(String name, CommandCategory expected) {
    CommandSpec spec = CommandCatalog.builtIn().find(name);
    assertThat(spec).as(name).isNotNull();
    assertThat(spec.category()).as(name).isEqualTo(expected);
  }

  @Test
  void bundledCategoriesAreTheDerivedOnes() {
    CommandCatalog catalog = CommandCatalog.builtIn();
    for (CommandSpec spec : catalog.all()) {
      CommandCategory derived =
          spec.hasSubcommands()
              ? CategoryDerivation.ofContainer(catalog.subcommands(spec.name()))
              : CommandSpec.builder(spec.name())
                  .arity(spec.arity())
                  .flags(spec.flags())
                  .aclCategories(spec.aclCategories())
                  .keySpecs(spec.keySpecs())
                  .legacyKeyRange(spec.firstKey(), spec.lastKey(), spec.keyStep())
                  .build()
                  .category();
      assertThat(spec.category()).as(spec.name()).isEqualTo(derived);
    }
  }
}
