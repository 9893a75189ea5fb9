package dev.redlens.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CardinalityLimiterTest {

  @Test
  void admitsUpToTheLimitThenReportsOther() {
    CardinalityLimiter limiter = new CardinalityLimiter(2);
    assertThat(limiter.limit("a")).isEqualTo("a");
    assertThat(limiter.limit("b")).isEqualTo("b");
    assertThat(limiter.limit("c")).isEqualTo("_other");
    assertThat(limiter.limit("a")).isEqualTo("a");
    assertThat(limiter.size()).isEqualTo(2);
  }

  @Test
  void concurrentFloodNeverExceedsTheLimit() {
    CardinalityLimiter limiter = new CardinalityLimiter(1000);
    Set<String> seen = ConcurrentHashMap.newKeySet();
    IntStream.range(0, 10_000).parallel().forEach(i -> seen.add(limiter.limit("p" + i)));
    Set<String> admitted = new HashSet<>(seen);
    admitted.remove("_other");
    assertThat(admitted).hasSize(1000);
    assertThat(limiter.size()).isEqualTo(1000);
  }
}
