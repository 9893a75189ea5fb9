package dev.redlens.core.internal.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A latency histogram recorded by two threads at once while a reader takes snapshots, as two event
 * loops and the snapshot of an endpoint do: every value is counted, every snapshot is consistent
 * (its total is the sum of its counts, and never falls between snapshots), and recording never
 * stops making progress. Both kinds: a project's (packed) and the totals' (atomic). HdrHistogram's
 * packed {@code Recorder}, which the packed kind used before, livelocked here (both writers
 * spinning while its packed array resized, and the reader waiting for them): with 100 rounds the
 * test hung within minutes.
 */
class LatencyHistogramTest {

  private static final int ROUNDS = Integer.getInteger("redlens.test.histogramRounds", 12);
  private static final int VALUES_PER_THREAD = 100_000;
  private static final long STALL_NANOS = 10_000_000_000L;

  @ParameterizedTest(name = "packed: {0}")
  @ValueSource(booleans = {true, false})
  void twoWritersAndAReaderNeitherLoseValuesNorStall(boolean packed) {
    // preemptively: a livelocked histogram also holds its reader (the snapshot waits for the
    // writers), so the test must fail from outside the stuck thread rather than hang the build
    assertTimeoutPreemptively(Duration.ofMinutes(2), () -> recordConcurrently(packed));
  }

  private void recordConcurrently(boolean packed) throws InterruptedException {
    for (int round = 0; round < ROUNDS; round++) {
      LatencyHistogram histogram = new LatencyHistogram(packed);
      AtomicLong recorded = new AtomicLong();
      Thread[] writers = new Thread[2];
      for (int t = 0; t < writers.length; t++) {
        writers[t] =
            new Thread(
                () -> {
                  ThreadLocalRandom random = ThreadLocalRandom.current();
                  for (int i = 0; i < VALUES_PER_THREAD; i++) {
                    // latencies over the whole range, so that the packed array keeps resizing
                    histogram.record(random.nextLong(1, 60_000_000L) >> random.nextInt(20));
                    recorded.incrementAndGet();
                  }
                },
                "latency-writer-" + t);
        writers[t].setDaemon(true); // a stalled writer must not keep the test JVM alive
        writers[t].start();
      }
      long progress = -1;
      long since = System.nanoTime();
      long seen = 0;
      while (writers[0].isAlive() || writers[1].isAlive()) {
        Thread.sleep(2);
        Histogram snapshot = histogram.snapshot();
        long counted = countsOf(snapshot);
        assertThat(snapshot.getTotalCount())
            .as("round %d: a snapshot's total is the sum of its counts", round)
            .isEqualTo(counted);
        assertThat(counted)
            .as("round %d: a later snapshot holds more", round)
            .isGreaterThanOrEqualTo(seen);
        seen = counted;
        long now = recorded.get();
        if (now != progress) {
          progress = now;
          since = System.nanoTime();
        }
        assertThat(System.nanoTime() - since)
            .as("round %d: recording stalled after %d values", round, now)
            .isLessThan(STALL_NANOS);
      }
      Histogram all = histogram.snapshot();
      assertThat(all.getTotalCount()).isEqualTo(2L * VALUES_PER_THREAD);
      assertThat(countsOf(all)).isEqualTo(2L * VALUES_PER_THREAD);
      assertThat(all.getMaxValue())
          .isLessThanOrEqualTo(LatencyHistogram.HIGHEST_MICROS + 1_000_000);
    }
  }

  private static long countsOf(Histogram histogram) {
    long sum = 0;
    for (var value : histogram.recordedValues()) {
      sum += value.getCountAtValueIteratedTo();
    }
    return sum;
  }
}
