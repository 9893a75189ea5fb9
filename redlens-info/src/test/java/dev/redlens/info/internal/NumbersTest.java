package dev.redlens.info.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NumbersTest {
  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "+7", " 42 ", "9223372036854775807", "-9223372036854775808"})
  void integers(String text) {
    assertThat(Numbers.parseLong(text)).hasValue(Long.parseLong(text.trim()));
    assertThat(Numbers.parseDouble(text)).isPresent();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "-",
        "+",
        "1.0",
        "1e3",
        "0x10",
        "9223372036854775808",
        "12345678901234567890123",
        "1_000",
        "\u0661",
        "1 2",
        "NaN",
        "Infinity"
      })
  void notIntegers(String text) {
    assertThat(Numbers.parseLong(text)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.19", "-0.5", ".5", "5.", "1e3", "2.5E-2", "100.15"})
  void decimals(String text) {
    assertThat(Numbers.parseDouble(text)).hasValue(Double.parseDouble(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        ".",
        "1,5",
        "NaN",
        "Infinity",
        "inf",
        "1.5d",
        "1.5f",
        "0x1p3",
        "1e",
        "1e+",
        "100.15%",
        "1e999"
      })
  void notDecimals(String text) {
    assertThat(Numbers.parseDouble(text)).isEmpty();
  }
}
