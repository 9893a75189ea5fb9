package dev.redlens.core.internal.recording;

import static dev.redlens.core.RedlensSemconv.DB_OPERATION_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.redlens.core.internal.SeriesBudget;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.incubator.metrics.BoundDoubleHistogram;
import io.opentelemetry.api.incubator.metrics.ExtendedDoubleHistogram;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A series point records on its admitted series through the SDK's bound instrument where the SDK
 * has one (the incubator is on this module's test class path), and with its attribute set where it
 * has none or binding fails: the same points either way, and nothing thrown.
 */
class SeriesPointTest {

  private static final Attributes GET = Attributes.of(DB_OPERATION_NAME, "GET");
  private static final Attributes OVERFLOW = Attributes.of(DB_OPERATION_NAME, "_other");

  private final InMemoryMetricReader reader = InMemoryMetricReader.create();
  private final SdkMeterProvider provider =
      SdkMeterProvider.builder().registerMetricReader(reader).build();
  private final DoubleHistogram histogram =
      provider.get("test").histogramBuilder("duration").build();
  private final LongCounter counter = provider.get("test").counterBuilder("reads").build();

  @AfterEach
  void close() {
    provider.close();
  }

  @Test
  void anSdkInstrumentIsBoundAndRecordsOnTheAdmittedSeries() {
    SeriesPoint duration = SeriesPoint.of(histogram, new SeriesBudget(10).series(GET), true);
    SeriesPoint reads = SeriesPoint.of(counter, new SeriesBudget(10).series(GET), true);
    duration.record(0.5);
    duration.record(1.5);
    reads.add(3);
    reads.add(4);

    assertThat(duration.isBound()).isTrue();
    assertThat(reads.isBound()).isTrue();
    assertRecorded(GET, 2, 2.0, 7);
  }

  @Test
  void aSeriesPastTheBudgetIsBoundToItsFold() {
    SeriesBudget budget = new SeriesBudget(1);
    budget.admit(Attributes.of(DB_OPERATION_NAME, "SET")); // takes the only series
    SeriesPoint duration = SeriesPoint.of(histogram, budget.series(GET), true);
    SeriesPoint reads = SeriesPoint.of(counter, new SeriesBudget(1).series(GET), true);
    duration.record(2.0);
    reads.add(7);

    assertThat(duration.isBound()).isTrue();
    assertThat(duration.attributes()).isEqualTo(OVERFLOW);
    assertRecordedDuration(OVERFLOW, 1, 2.0);
  }

  @Test
  void aPointNotToBeBoundRecordsWithItsAttributes() {
    SeriesPoint duration = SeriesPoint.of(histogram, new SeriesBudget(10).series(GET), false);
    SeriesPoint reads = SeriesPoint.of(counter, new SeriesBudget(10).series(GET), false);
    duration.record(0.5);
    duration.record(1.5);
    reads.add(7);

    assertThat(duration.isBound()).isFalse();
    assertThat(reads.isBound()).isFalse();
    assertRecorded(GET, 2, 2.0, 7);
  }

  @Test
  void anInstrumentThatCannotBindRecordsWithItsAttributes() {
    DoubleHistogram plain = new PlainHistogram(histogram);
    SeriesPoint duration = SeriesPoint.of(plain, new SeriesBudget(10).series(GET), true);
    SeriesPoint reads = SeriesPoint.of(counter, new SeriesBudget(10).series(GET), true);
    duration.record(0.5);
    duration.record(1.5);
    reads.add(7);

    assertThat(duration.isBound()).isFalse();
    assertRecorded(GET, 2, 2.0, 7);
  }

  @Test
  void aBindThatFailsFallsBackWithoutThrowing() {
    DoubleHistogram failing = new FailingBind(histogram);
    SeriesPoint duration = SeriesPoint.of(failing, new SeriesBudget(10).series(GET), true);
    SeriesPoint reads = SeriesPoint.of(counter, new SeriesBudget(10).series(GET), true);

    assertThatCode(() -> duration.record(2.0)).doesNotThrowAnyException();
    reads.add(7);
    assertThat(duration.isBound()).isFalse();
    assertRecorded(GET, 1, 2.0, 7);
  }

  private void assertRecorded(Attributes attributes, long count, double sum, long reads) {
    List<MetricData> metrics = List.copyOf(reader.collectAllMetrics());
    assertDuration(metrics, attributes, count, sum);
    LongPointData read =
        metrics.stream()
            .filter(m -> m.getName().equals("reads"))
            .flatMap(m -> m.getLongSumData().getPoints().stream())
            .findFirst()
            .orElseThrow();
    assertThat(read.getAttributes()).isEqualTo(attributes);
    assertThat(read.getValue()).isEqualTo(reads);
  }

  private void assertRecordedDuration(Attributes attributes, long count, double sum) {
    assertDuration(List.copyOf(reader.collectAllMetrics()), attributes, count, sum);
  }

  private static void assertDuration(
      List<MetricData> metrics, Attributes attributes, long count, double sum) {
    List<HistogramPointData> points =
        metrics.stream()
            .filter(m -> m.getName().equals("duration"))
            .flatMap(m -> m.getHistogramData().getPoints().stream())
            .toList();
    assertThat(points).hasSize(1);
    HistogramPointData point = points.get(0);
    assertThat(point.getAttributes()).isEqualTo(attributes);
    assertThat(point.getCount()).isEqualTo(count);
    assertThat(point.getSum()).isEqualTo(sum);
  }

  /** An instrument of the stable API only (an SDK without bound instruments). */
  private static class PlainHistogram implements DoubleHistogram {
    final DoubleHistogram sdk;

    PlainHistogram(DoubleHistogram sdk) {
      this.sdk = sdk;
    }

    @Override
    public void record(double value) {
      sdk.record(value);
    }

    @Override
    public void record(double value, Attributes attributes) {
      sdk.record(value, attributes);
    }

    @Override
    public void record(double value, Attributes attributes, Context context) {
      sdk.record(value, attributes, context);
    }
  }

  /** An instrument whose bind fails (an SDK that cannot bind after all). */
  private static final class FailingBind extends PlainHistogram implements ExtendedDoubleHistogram {
    FailingBind(DoubleHistogram sdk) {
      super(sdk);
    }

    @Override
    public BoundDoubleHistogram bind(Attributes attributes) {
      throw new UnsupportedOperationException("no bound instruments here");
    }
  }
}
