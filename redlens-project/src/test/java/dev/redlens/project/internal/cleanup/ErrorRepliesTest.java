package dev.redlens.project.internal.cleanup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.redlens.core.instrumentation.CauseChain;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ErrorRepliesTest {

  @Test
  void findsEachReplyInTheFailureOrItsCauses() {
    Throwable moved =
        new IllegalStateException("wrapped", new RuntimeException("MOVED 3999 127.0.0.1:7001"));

    assertThat(ErrorReplies.movedSlot(moved)).isEqualTo("3999");
    assertThat(ErrorReplies.movedSlot(new RuntimeException("MOVED"))).isNull();
    assertThat(ErrorReplies.isAsk(moved)).isFalse();
    assertThat(ErrorReplies.isAsk(new RuntimeException("x", new RuntimeException("ASK 1 h:1"))))
        .isTrue();
    assertThat(ErrorReplies.isTryAgain(new RuntimeException("TRYAGAIN Multiple keys"))).isTrue();
    assertThat(ErrorReplies.isTryAgain(moved)).isFalse();
  }

  @Test
  void endsOnACycleInTheCauseChain() {
    RuntimeException a = new RuntimeException("a");
    RuntimeException b = new RuntimeException("b", a);
    a.initCause(b); // a -> b -> a -> ...
    Throwable own = new SelfCaused();

    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () -> {
          assertThat(ErrorReplies.movedSlot(a)).isNull();
          assertThat(ErrorReplies.isAsk(a)).isFalse();
          assertThat(ErrorReplies.isTryAgain(own)).isFalse();
        });
  }

  @Test
  void readsNoDeeperThanTheCoreBound() {
    Throwable chain = new RuntimeException("TRYAGAIN Multiple keys");
    for (int i = 1; i < CauseChain.MAX_DEPTH; i++) {
      chain = new RuntimeException("link " + i, chain);
    }
    assertThat(ErrorReplies.isTryAgain(chain)).isTrue();
    assertThat(ErrorReplies.isTryAgain(new RuntimeException("one more", chain))).isFalse();
  }

  /** A failure that is its own cause, as a hand-written exception can claim. */
  private static final class SelfCaused extends RuntimeException {
    SelfCaused() {
      super("self");
    }

    @Override
    public synchronized Throwable getCause() {
      return this;
    }
  }
}
