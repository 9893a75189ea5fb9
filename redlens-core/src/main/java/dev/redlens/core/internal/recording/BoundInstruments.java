package dev.redlens.core.internal.recording;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.incubator.metrics.BoundDoubleHistogram;
import io.opentelemetry.api.incubator.metrics.BoundLongCounter;
import io.opentelemetry.api.incubator.metrics.ExtendedDoubleHistogram;
import io.opentelemetry.api.incubator.metrics.ExtendedLongCounter;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import java.util.function.DoubleConsumer;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * OpenTelemetry's bound instruments where the application has them: with {@code
 * opentelemetry-api-incubator} on the class path, the SDK (1.65 and later) builds instruments that
 * can {@code bind} an attribute set to its series once; a record on the bound instrument then skips
 * the SDK's attribute processing and its look-up of the series by the set (which hashes the set on
 * every record). Redlens depends on the incubator only optionally (its API is not stable): without
 * it, or with an API or SDK whose instruments cannot bind, or if binding fails, a target records
 * with the attribute set, on the same series.
 *
 * <p>The incubator's types are named only in {@link Incubating}, which is loaded only when they are
 * on the class path.
 */
final class BoundInstruments {

  static final boolean INCUBATOR =
      present("io.opentelemetry.api.incubator.metrics.BoundLongCounter");

  private BoundInstruments() {}

  /**
   * What records values of {@code attributes}'s series of the histogram (bound if {@code bind}).
   */
  static DoubleConsumer histogram(DoubleHistogram histogram, Attributes attributes, boolean bind) {
    DoubleConsumer bound = bind ? tryBind(() -> Incubating.histogram(histogram, attributes)) : null;
    return bound != null ? bound : value -> histogram.record(value, attributes);
  }

  /** What adds to {@code attributes}'s series of the counter (bound if {@code bind}). */
  static LongConsumer counter(LongCounter counter, Attributes attributes, boolean bind) {
    LongConsumer bound = bind ? tryBind(() -> Incubating.counter(counter, attributes)) : null;
    return bound != null ? bound : value -> counter.add(value, attributes);
  }

  /**
   * The bound target {@code binding} makes, or null: no incubator, an instrument that cannot bind,
   * an API without {@code bind}, or an SDK whose binding fails.
   */
  private static <T> T tryBind(Supplier<T> binding) {
    if (!INCUBATOR) {
      return null;
    }
    try {
      return binding.get();
    } catch (LinkageError | RuntimeException e) {
      return null;
    }
  }

  /** Whether a target records through a bound instrument (for tests). */
  static boolean isBound(Object target) {
    return target instanceof Incubating.Bound;
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, BoundInstruments.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** The incubator's types, named here only. */
  private static final class Incubating {

    /** A target that records through a bound instrument. */
    interface Bound {}

    static DoubleConsumer histogram(DoubleHistogram histogram, Attributes attributes) {
      if (!(histogram instanceof ExtendedDoubleHistogram extended)) {
        return null;
      }
      BoundDoubleHistogram bound = extended.bind(attributes);
      return bound == null ? null : new BoundHistogram(bound);
    }

    static LongConsumer counter(LongCounter counter, Attributes attributes) {
      if (!(counter instanceof ExtendedLongCounter extended)) {
        return null;
      }
      BoundLongCounter bound = extended.bind(attributes);
      return bound == null ? null : new BoundCounter(bound);
    }

    private record BoundHistogram(BoundDoubleHistogram bound) implements DoubleConsumer, Bound {
      @Override
      public void accept(double value) {
        bound.record(value);
      }
    }

    private record BoundCounter(BoundLongCounter bound) implements LongConsumer, Bound {
      @Override
      public void accept(long value) {
        bound.add(value);
      }
    }
  }
}
