package dev.redlens.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * A class-level extension registered before the server's (as {@code @SpringBootTest} registers
 * Spring's) runs its after-all callback while the server still answers: Spring closes its
 * application's Lettuce connections there, and a server already stopped would make every open
 * connection try to reconnect and log "Cannot reconnect".
 */
class ServerOutlivesAfterAllTest {

  /** Whether the probe's server was running in the class-level extension's after-all callback. */
  static final AtomicReference<Boolean> runningInAfterAll = new AtomicReference<>();

  static final AtomicReference<RedisServer> server = new AtomicReference<>();

  /** Stands for Spring's extension: registered by a class annotation, so before the field's. */
  static final class ClosesTheApplication implements AfterAllCallback {
    @Override
    public void afterAll(ExtensionContext context) {
      runningInAfterAll.set(server.get().isRunning());
    }
  }

  /** Run through the launcher below, not by the build (a nested class is not collected). */
  @ExtendWith(ClosesTheApplication.class)
  static class Probe {
    @RegisterExtension static final RedisServerExtension redis = RedisServerExtension.create();

    @Test
    void usesTheServer() {
      server.set(redis.server());
      assertThat(redis.server().execute("PING")).isEqualTo("PONG");
    }
  }

  @Test
  void theServerStopsAfterTheAfterAllOfAnExtensionRegisteredBeforeIt() {
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request().selectors(selectClass(Probe.class)).build(),
            listener);
    TestExecutionSummary summary = listener.getSummary();

    assertThat(summary.getFailures()).isEmpty();
    assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
    assertThat(runningInAfterAll.get()).isTrue();
    assertThat(server.get().isRunning()).as("stopped at the end of the class").isFalse();
  }
}
