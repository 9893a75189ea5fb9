package dev.redlens.core.internal;

import static dev.redlens.core.RedlensSemconv.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.Attributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SeriesBudgetTest {

  static Attributes cache(String result, String operation, String project) {
    return Attributes.of(
        REDIS_CACHE_RESULT, result, DB_OPERATION_NAME, operation, REDLENS_PROJECT_ID, project);
  }

  @Test
  void admitsUpToTheLimitThenFoldsTheProjectThenOverflows() {
    SeriesBudget budget = new SeriesBudget(4); // 4 as given, then 1 more with project _other
    for (int p = 0; p < 4; p++) {
      assertThat(budget.admit(cache(CACHE_HIT, "GET", "p" + p)))
          .isEqualTo(cache("hit", "GET", "p" + p));
    }
    assertThat(budget.admit(cache(CACHE_HIT, "GET", "p0"))).isEqualTo(cache("hit", "GET", "p0"));
    // the project goes first, the command stays
    assertThat(budget.admit(cache(CACHE_HIT, "GET", "p4")))
        .isEqualTo(cache("hit", "GET", OVERFLOW_VALUE));
    assertThat(budget.admit(cache(CACHE_HIT, "GET", "p5")))
        .isEqualTo(cache("hit", "GET", OVERFLOW_VALUE));
    // no room left even for that: the overflow series keeps the result only
    assertThat(budget.admit(cache(CACHE_MISS, "HGET", "p6")))
        .isEqualTo(cache("miss", OVERFLOW_VALUE, OVERFLOW_VALUE));
    assertThat(budget.admit(cache(CACHE_MISS, "GET", "p1")))
        .isEqualTo(cache("miss", OVERFLOW_VALUE, OVERFLOW_VALUE));
    assertThat(budget.size()).isEqualTo(6);
  }

  @Test
  void theOverflowSeriesKeepsOnlyAttributesOfFewValues() {
    SeriesBudget budget = new SeriesBudget(1);
    budget.admit(Attributes.of(DB_OPERATION_NAME, "SET"));
    Attributes wanted =
        Attributes.builder()
            .put(DB_SYSTEM_NAME, DB_SYSTEM_REDIS)
            .put(DB_OPERATION_NAME, "GET")
            .put(REDIS_COMMAND_CATEGORY, "read")
            .put(SERVER_ADDRESS, "10.0.0.7")
            .put(SERVER_PORT, 6379L)
            .put(DB_NAMESPACE, "0")
            .put(ERROR_TYPE, ERROR_COMMAND)
            .put(DB_RESPONSE_STATUS_CODE, "WRONGTYPE")
            .build();
    assertThat(budget.admit(wanted))
        .isEqualTo(
            Attributes.builder()
                .put(DB_SYSTEM_NAME, DB_SYSTEM_REDIS)
                .put(DB_OPERATION_NAME, OVERFLOW_VALUE)
                .put(REDIS_COMMAND_CATEGORY, "read")
                .put(ERROR_TYPE, ERROR_COMMAND)
                .build());
  }

  @Test
  void aConcurrentFloodStaysWithinTheBudgetAndNothingIsLost() {
    SeriesBudget budget = new SeriesBudget(1_000);
    Set<Attributes> given = ConcurrentHashMap.newKeySet();
    IntStream.range(0, 200_000)
        .parallel()
        .forEach(
            i ->
                given.add(
                    budget.admit(
                        cache(i % 3 == 0 ? CACHE_MISS : CACHE_HIT, "C" + (i % 500), "p" + i))));
    // 1,000 as given, 250 with project _other, and the two overflow series (hit, miss)
    assertThat(given).hasSize(1_252);
    assertThat(budget.size()).isEqualTo(1_252);
  }

  @Test
  void aSeriesTakesRoomOnlyWhenItIsFirstRecorded() {
    SeriesBudget budget = new SeriesBudget(1);
    SeriesBudget.Series neverRecorded = budget.series(cache(CACHE_MISS, "GET", "p0"));
    SeriesBudget.Series recorded = budget.series(cache(CACHE_HIT, "GET", "p0"));
    assertThat(budget.size()).isZero();
    assertThat(recorded.get()).isEqualTo(cache(CACHE_HIT, "GET", "p0"));
    assertThat(recorded.get()).isSameAs(recorded.get());
    assertThat(budget.size()).isEqualTo(1);
    assertThat(neverRecorded).isNotNull();
  }

  @Test
  void theLimitIsAtLeastOne() {
    assertThatThrownBy(() -> new SeriesBudget(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
