package dev.redlens.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redlens.core.catalog.CommandArguments;
import dev.redlens.core.catalog.CommandCategory;
import dev.redlens.core.catalog.CommandSpec;
import dev.redlens.core.instrumentation.ClientScope;
import dev.redlens.core.instrumentation.RedisOperation;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.Test;

/**
 * A connection's scope remembers the binding of each command name it has resolved (the catalog's
 * and the bindings' look-ups skipped): never for a command whose spec depends on its arguments, and
 * never past a change of the catalog. Each test would fail if the scope kept a binding it must not.
 */
class RecentBindingsTest {

  private final RedisTelemetry telemetry = RedisTelemetry.create(OpenTelemetry.noop());
  private final ClientScope connection = telemetry.scope("127.0.0.1", 6390, 0);

  @Test
  void aCommandWhoseSpecChangesIsResolvedAgain() {
    assertThat(category("GET")).isEqualTo(CommandCategory.READ);
    assertThat(category("GET")).isEqualTo(CommandCategory.READ); // from the scope's memory

    telemetry
        .catalog()
        .register(CommandSpec.builder("GET").category(CommandCategory.ADMIN).build());

    assertThat(category("GET")).isEqualTo(CommandCategory.ADMIN);
  }

  @Test
  void aCommandLearnedAfterItsFirstUseTakesItsSpec() {
    assertThat(start("MYMODULE.CMD").isKnownCommand()).isFalse();

    telemetry
        .catalog()
        .register(CommandSpec.builder("MYMODULE.CMD").category(CommandCategory.WRITE).build());

    assertThat(start("MYMODULE.CMD").isKnownCommand()).isTrue();
    assertThat(category("MYMODULE.CMD")).isEqualTo(CommandCategory.WRITE);
  }

  @Test
  void aContainersSubcommandIsResolvedByItsArgumentsEveryTime() {
    assertThat(start("CLIENT", CommandArguments.of("LIST")).operationName())
        .isEqualTo("CLIENT LIST");
    assertThat(start("CLIENT", CommandArguments.of("SETNAME", "app")).operationName())
        .isEqualTo("CLIENT SETNAME");
    assertThat(start("CLIENT", CommandArguments.of("LIST")).operationName())
        .isEqualTo("CLIENT LIST");
  }

  @Test
  void namesThatShareASlotAreEachResolvedToTheirOwnCommand() {
    // more names than the scope remembers: every one still gets its own binding
    String[] names = {
      "GET", "SET", "DEL", "INCR", "HGET", "HSET", "LPUSH", "RPOP", "SADD", "SREM", "ZADD",
      "ZRANGE", "EXPIRE", "TTL", "MGET", "MSET", "EXISTS", "PING", "ECHO", "APPEND"
    };
    for (int round = 0; round < 3; round++) {
      for (String name : names) {
        assertThat(start(name).operationName()).isEqualTo(name);
      }
    }
  }

  private CommandCategory category(String command) {
    start(command).end("v");
    return telemetry.snapshot().commands().get(command).category();
  }

  private RedisOperation start(String command) {
    return start(command, CommandArguments.of("k"));
  }

  private RedisOperation start(String command, CommandArguments args) {
    RedisOperation operation = connection.start(command, args);
    operation.end("v");
    return operation;
  }
}
