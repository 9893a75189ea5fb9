package dev.redlens.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redlens.core.catalog.CommandArguments;
import dev.redlens.core.instrumentation.ClientScope;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.ViewBuilder;
import io.opentelemetry.sdk.metrics.internal.SdkMeterProviderUtil;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The one difference bound metric points make, and the switch for it: the SDK processes a View's
 * attributes once, when it binds a series, so a View that adds the caller's baggage sees the
 * baggage of each series' first command on a connection only. With {@code
 * setBoundInstruments(false)} every command's baggage reaches its point. (The incubator, which
 * makes binding possible, is on this module's test class path.)
 */
class BoundInstrumentsTest {

  private static final AttributeKey<String> TENANT = AttributeKey.stringKey("tenant");

  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private OpenTelemetrySdk sdk;
  private RedisTelemetry telemetry;
  private ClientScope connection; // one connection's scope: its bindings live as long as it does

  @AfterEach
  void close() {
    telemetry.close();
    sdk.close();
  }

  @Test
  void boundPointsTakeTheBaggageOfTheirFirstCommand() {
    connect(true);

    command("a");
    command("b");

    assertThat(tenantsMeasured()).containsExactly("a");
  }

  @Test
  void unboundPointsTakeEveryCommandsBaggage() {
    connect(false);

    command("a");
    command("b");

    assertThat(tenantsMeasured()).containsExactlyInAnyOrder("a", "b");
  }

  private void connect(boolean bound) {
    ViewBuilder view = View.builder();
    SdkMeterProviderUtil.appendFilteredBaggageAttributes(view, TENANT.getKey()::equals);
    sdk =
        OpenTelemetrySdk.builder()
            .setMeterProvider(
                SdkMeterProvider.builder()
                    .registerMetricReader(metrics)
                    .registerView(
                        InstrumentSelector.builder()
                            .setName(RedlensSemconv.METRIC_OPERATION_DURATION)
                            .build(),
                        view.build())
                    .build())
            .build();
    telemetry = RedisTelemetry.builder(sdk).setBoundInstruments(bound).build();
    connection = telemetry.scope("127.0.0.1", 6390, 0);
  }

  private void command(String tenant) {
    Context withBaggage =
        Context.root().with(Baggage.builder().put(TENANT.getKey(), tenant).build());
    try (Scope ignored = withBaggage.makeCurrent()) {
      connection.start("GET", CommandArguments.of("k")).end("v");
    }
  }

  private List<String> tenantsMeasured() {
    return metrics.collectAllMetrics().stream()
        .filter(m -> m.getName().equals(RedlensSemconv.METRIC_OPERATION_DURATION))
        .flatMap(m -> m.getHistogramData().getPoints().stream())
        .map(p -> p.getAttributes().get(TENANT))
        .filter(Objects::nonNull)
        .toList();
  }
}
