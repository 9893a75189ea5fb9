package dev.redlens.core.internal.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SlidingWindowRatioTest {

  private final AtomicLong now = new AtomicLong(TimeUnit.HOURS.toNanos(1));
  private final SlidingWindowRatio window =
      new SlidingWindowRatio(TimeUnit.SECONDS.toNanos(60), now::get);

  @Test
  void ratioOverTheWindowForgetsWhatIsOlder() {
    assertThat(window.ratio()).isNaN();
    window.record(3, 1);
    assertThat(window.ratio()).isEqualTo(0.75);

    now.addAndGet(TimeUnit.SECONDS.toNanos(30));
    window.record(0, 4);
    assertThat(window.totals()).containsExactly(3, 5);

    now.addAndGet(TimeUnit.SECONDS.toNanos(40)); // the first record is now 70 s old
    assertThat(window.totals()).containsExactly(0, 4);
    assertThat(window.ratio()).isEqualTo(0.0);

    now.addAndGet(TimeUnit.SECONDS.toNanos(120));
    assertThat(window.ratio()).isNaN();
  }

  @Test
  void aReusedSlotStartsFromZero() {
    window.record(10, 0);
    now.addAndGet(TimeUnit.SECONDS.toNanos(60)); // same slot index, next lap
    window.record(0, 1);
    assertThat(window.totals()).containsExactly(0, 1);
  }
}
