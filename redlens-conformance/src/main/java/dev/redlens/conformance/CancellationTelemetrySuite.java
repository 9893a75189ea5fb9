package dev.redlens.conformance;

import static org.awaitility.Awaitility.await;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Caller cancellation, for the clients that have one (Lettuce: cancelling the command's future;
 * Jedis has no way to cancel a command in flight): a command its caller cancelled is classified
 * {@code cancelled} on every path, as {@link FailureTelemetrySuite} holds timeouts and lost
 * connections. The driver's {@link RedisDriver#commandAsync} must return the client's own future,
 * whose cancellation cancels the command.
 */
public abstract class CancellationTelemetrySuite extends ConformanceSuite {

  @Test
  void aCommandCancelledByItsCallerEndsAsCancelled() {
    CompletableFuture<Object> blocked = client.commandAsync("BLPOP", "never-pushed", "5");
    await().until(() -> server().execute("CLIENT", "LIST").contains("cmd=blpop"));
    blocked.cancel(true);

    assertClassified("BLPOP", "cancelled");
  }
}
