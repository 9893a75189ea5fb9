package dev.redlens.lettuce.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.protocol.CommandHandler;
import io.lettuce.core.protocol.DefaultEndpoint;
import io.lettuce.core.resource.ClientResources;
import java.lang.reflect.Field;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Lettuce's tracing is on where Redlens needs it (the caller's context captured for each command:
 * the parent of its span, which the command telemetry suites check end to end) and off in Lettuce's
 * {@code CommandHandler}, whose own per-command span Redlens never uses.
 */
class RedlensTracingTest {

  private ClientResources resources;

  @BeforeEach
  void resources() {
    resources = ClientResources.builder().tracing(RedlensTracing.INSTANCE).build();
  }

  @AfterEach
  void shutdown() {
    resources.shutdown();
  }

  @Test
  void tracingIsOnForEveryoneButTheCommandHandler() {
    assertThat(RedlensTracing.INSTANCE.isEnabled()).isTrue();
  }

  @Test
  void theCommandHandlerStartsNoSpanOfItsOwn() throws ReflectiveOperationException {
    ClientOptions options = ClientOptions.create();
    CommandHandler handler =
        new CommandHandler(options, resources, new DefaultEndpoint(options, resources));

    // Lettuce keeps the answer in a private field, read once when the handler is built; with true
    // it would look up a context and call the no-op tracer for every command it writes
    Field tracingEnabled = CommandHandler.class.getDeclaredField("tracingEnabled");
    tracingEnabled.setAccessible(true);
    assertThat(tracingEnabled.getBoolean(handler)).isFalse();
  }
}
