package dev.redlens.core.internal.recording;

import dev.redlens.core.internal.SeriesBudget;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import java.util.function.DoubleConsumer;
import java.util.function.LongConsumer;

/**
 * One series of one client instrument as a command records it: its attribute set, admitted by the
 * instrument's series budget on the first record, and from then on the SDK's own handle of that
 * series where the SDK hands one out ({@link BoundInstruments}), which saves the SDK's look-up of
 * the series by its attribute set on every record. Elsewhere the point records with its attribute
 * set, as an application would: the same series either way.
 */
final class SeriesPoint {

  private final SeriesBudget.Series series;
  private final DoubleHistogram histogram; // the instrument: a histogram, or else a counter
  private final LongCounter counter;
  private final boolean bind; // false: always record with the attribute set
  // not volatile: two threads that bind at once bind the same series, and either target records it
  private DoubleConsumer histogramTarget;
  private LongConsumer counterTarget;

  private SeriesPoint(
      SeriesBudget.Series series, DoubleHistogram histogram, LongCounter counter, boolean bind) {
    this.series = series;
    this.histogram = histogram;
    this.counter = counter;
    this.bind = bind;
  }

  /** A histogram's point, bound where the SDK can if {@code bind}. */
  static SeriesPoint of(DoubleHistogram histogram, SeriesBudget.Series series, boolean bind) {
    return new SeriesPoint(series, histogram, null, bind);
  }

  /** A counter's point, bound where the SDK can if {@code bind}. */
  static SeriesPoint of(LongCounter counter, SeriesBudget.Series series, boolean bind) {
    return new SeriesPoint(series, null, counter, bind);
  }

  /** Records one value of a histogram's series. */
  void record(double value) {
    DoubleConsumer target = histogramTarget;
    if (target == null) {
      target = BoundInstruments.histogram(histogram, series.get(), bind);
      histogramTarget = target;
    }
    target.accept(value);
  }

  /** Adds to a counter's series. */
  void add(long value) {
    LongConsumer target = counterTarget;
    if (target == null) {
      target = BoundInstruments.counter(counter, series.get(), bind);
      counterTarget = target;
    }
    target.accept(value);
  }

  /** Whether the point records through a bound instrument of the SDK (once it has recorded). */
  boolean isBound() {
    return BoundInstruments.isBound(histogram != null ? histogramTarget : counterTarget);
  }

  /** The attribute set this point records with (admitted by the budget on first use). */
  Attributes attributes() {
    return series.get();
  }
}
