package dev.redlens.lettuce.internal;

import dev.redlens.core.instrumentation.RedisOperation;
import io.lettuce.core.RedisCommandTimeoutException;
import java.util.concurrent.CancellationException;
import java.util.function.BiConsumer;

/**
 * Ends an operation when the caller's future of its command is cancelled. Lettuce's sync API times
 * a command out by cancelling that future ({@code Futures.awaitOrCancel}), which its command
 * listener never hears of: the listener only reports the command when the server answers (or the
 * connection goes), which for a paused or blocked server is long after the caller got its timeout.
 * This watcher ends the operation at the moment of the cancellation instead, as a {@code timeout}
 * when the sync API's timeout cancelled it and as {@code cancelled} otherwise. Runs on the
 * cancelling thread; never throws.
 */
final class CallerCancellation implements BiConsumer<Object, Throwable> {

  private static final StackWalker STACK = StackWalker.getInstance();

  private final RedisOperation operation;

  CallerCancellation(RedisOperation operation) {
    this.operation = operation;
  }

  @Override
  public void accept(Object reply, Throwable error) {
    if (!(error instanceof CancellationException) || operation.isEnded()) {
      return;
    }
    try {
      operation.endWithException(
          bySyncTimeout()
              ? new RedisCommandTimeoutException("Command timed out (Lettuce sync API)")
              : error);
    } catch (RuntimeException e) {
      // endWithException does not throw; nothing must reach the cancelling caller
    }
  }

  /**
   * Whether the current thread cancels from Lettuce's {@code awaitOrCancel}, i.e. on the sync API's
   * timeout.
   */
  static boolean bySyncTimeout() {
    return STACK.walk(
        frames ->
            frames.anyMatch(
                frame ->
                    frame.getMethodName().equals("awaitOrCancel")
                        && frame.getClassName().startsWith("io.lettuce.core.")));
  }
}
